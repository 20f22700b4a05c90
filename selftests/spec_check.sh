#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The YNL spec is the source of truth: prove that uapi/linux/routefence.h and
# the loaded module's per-command policies agree with uapi/routefence.yaml.
# KTAP output from spec_check.py. Skips (4) only when python3 or its yaml
# module is missing; a missing module skips the kernel cases, or fails them
# when RF_REQUIRE_MODULE=1.

ksft_skip=4
dir=$(dirname "$(readlink -f "$0")")

skip() {
	echo "TAP version 13"
	echo "1..0 # SKIP $1"
	exit "$ksft_skip"
}

command -v python3 >/dev/null || skip "python3 not installed"
python3 -c 'import yaml' 2>/dev/null || skip "python3 yaml module (python3-yaml) not installed"

exec python3 "$dir/spec_check.py" "$@"
