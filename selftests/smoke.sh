#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Smoke test: the module is there and reachable. Resolving the generic
# netlink family "routefence" must load the module by itself
# (MODULE_ALIAS_GENL_FAMILY), the module must then be listed, be the one
# modprobe would load, and the tool must be able to talk to it from the
# initial and from a fresh network namespace.

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"

require_root
require_cmd genl ip lsmod modprobe modinfo
ktap_print_header

# Autoload: only meaningful when the module is not loaded yet and can be
# removed (on a router that already uses it, it may be busy).
if [[ -d /sys/module/routefence ]] && ! modprobe -r routefence 2> /dev/null; then
	skip "family resolution loads the module" \
		"routefence is loaded and in use; cannot test autoload"
elif ! modinfo routefence > /dev/null 2>&1; then
	if [[ ${RF_REQUIRE_MODULE:-0} == 1 ]]; then
		ktap_print_msg "modprobe does not know routefence (RF_REQUIRE_MODULE=1)"
		ktap_test_fail "routefence module is installed"
		ktap_finished
	fi
	ktap_skip_all "routefence module is not installed"
else
	check_ok "module is not loaded before first use" \
		test ! -d /sys/module/routefence
	check_ok "family resolution loads the module" \
		genl ctrl get name routefence
fi

# From here on the module must be present (or, when it cannot be, the
# test fails with RF_REQUIRE_MODULE=1 and skips otherwise).
require_module

check_ok "module listed by lsmod" \
	bash -c 'lsmod | grep -q "^routefence "'
if command -v readelf > /dev/null; then
	check_output "loaded module is the one modprobe resolves" \
		"$(rf_build_id_file "$(modinfo -F filename routefence)")" \
		rf_build_id_loaded
else
	skip "loaded module is the one modprobe resolves" "readelf not found"
fi

setup_ns ns || ktap_skip_all "cannot create network namespaces"
check_ok "family resolves inside a network namespace" \
	ip netns exec "$ns" genl ctrl get name routefence

if command -v "$RFENCE" > /dev/null 2>&1; then
	check_ok "$RFENCE talks to the module" "$RFENCE" network show
	check_ok "$RFENCE -n NETNS talks to the module" \
		"$RFENCE" -n "$ns" network show
else
	skip "$RFENCE talks to the module" "$RFENCE not found in PATH"
fi

ktap_finished
