# SPDX-License-Identifier: GPL-2.0
#
# routefence: out-of-tree module, tool, tests and the VM test loop.
#
#   make            module, rfence tool and test programs
#   make check      everything below, then the kselftest suite in a VM
#   make demo       the seeds' topology in a VM, with a reachability matrix
#   make install    module (+depmod), tool, man page, bash completion
#   make style      checkpatch --strict on kmod/, shellcheck on all scripts
#   make deps       install the Debian packages the build and the VM need
#
# The kernel is the newest installed Debian kernel with headers, not the
# running one (this host may run a different kernel that cannot load
# modules). Override with KERNELRELEASE=... or KDIR=....

SHELL := /bin/bash

KERNELRELEASE ?= $(shell for d in /lib/modules/*/build; do \
	[ -e "$$d/Makefile" ] && basename "$${d%/build}"; done | sort -V | tail -n1)
KDIR ?= /lib/modules/$(KERNELRELEASE)/build

PREFIX ?= /usr
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
MODDIR ?= /lib/modules/$(KERNELRELEASE)/updates
DESTDIR ?=

BUILD := $(CURDIR)/build
KSRC := $(BUILD)/ksrc
KSRC_STAMP := $(KSRC)/.stamp-routefence
LINUX_SOURCE_TAR ?= $(lastword $(sort $(wildcard /usr/src/linux-source-*.tar.xz)))
KSFT_DIR ?= $(KSRC)/tools/testing/selftests
CHECKPATCH := $(KSRC)/scripts/checkpatch.pl
VMRUN := $(CURDIR)/tools/vm/vmrun
MODULE := kmod/routefence.ko

# What we take from the kernel source: checkpatch and its data files, and
# the kselftest framework (lib.mk, runner, headers).
KSRC_MEMBERS := scripts/checkpatch.pl scripts/spelling.txt \
	scripts/const_structs.checkpatch \
	tools/testing/selftests/lib.mk tools/testing/selftests/kselftest.h \
	tools/testing/selftests/kselftest_harness.h \
	tools/testing/selftests/kselftest/ \
	tools/testing/selftests/run_kselftest.sh

# Debian packages: the build, the VM and what the tests run in it.
DEPS_PKGS := build-essential pkg-config kmod cpio xz-utils perl bc \
	linux-image-amd64 linux-headers-amd64 linux-source \
	qemu-system-x86 busybox-static \
	libmnl-dev libnl-3-dev libnl-genl-3-dev liburcu-dev \
	iproute2 nftables iputils-ping procps jq shellcheck \
	python3 python3-yaml
# Meta packages are checked through the files they provide instead.
DEPS_META := linux-image-amd64 linux-headers-amd64 linux-source
DEPS_CHECK_PKGS := $(filter-out $(DEPS_META),$(DEPS_PKGS))

CHECKPATCH_FLAGS := --strict --no-tree --max-line-length=80 --show-types \
	--quiet
# Justified exceptions only. LONG_LINE_STRING: coding-style.rst says never
# to break user-visible strings (extack messages), so they can be grepped.
CHECKPATCH_IGNORE := LONG_LINE_STRING

.PHONY: all modules tools test-progs check demo install style clean \
	distclean deps deps-check ksrc unit vmcheck bench help

all: modules tools test-progs

help:
	@sed -n '3,15s/^# \{0,1\}//p' $(firstword $(MAKEFILE_LIST))

modules:
	@[ -n "$(KERNELRELEASE)" ] && [ -d "$(KDIR)" ] || { \
		echo "No kernel headers found (KDIR=$(KDIR)); run: make deps" >&2; \
		exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tools:
	$(MAKE) -C tools

test-progs: $(KSRC_STAMP)
	$(MAKE) -C selftests KSFT_DIR=$(KSFT_DIR) all

ksrc: $(KSRC_STAMP)

$(KSRC_STAMP):
	@[ -r "$(LINUX_SOURCE_TAR)" ] || { \
		echo "linux-source tarball not found in /usr/src; run: make deps" >&2; \
		exit 1; }
	@mkdir -p $(KSRC)
	@echo "  EXTRACT $(notdir $(LINUX_SOURCE_TAR)) -> build/ksrc"
	@tar -xJf $(LINUX_SOURCE_TAR) -C $(KSRC) --strip-components=1 \
		--wildcards $(addprefix */,$(KSRC_MEMBERS))
	@touch $@

# Exit 0 when every dependency is present, 1 (listing what is missing)
# otherwise. Cheap: one dpkg-query plus a few file tests.
deps-check:
	@ok=$$(dpkg-query -W -f='$${Package} $${db:Status-Abbrev}\n' \
		$(DEPS_CHECK_PKGS) 2>/dev/null | awk '$$2 == "ii" { print $$1 }'); \
	missing=; \
	for p in $(DEPS_CHECK_PKGS); do \
		grep -qx "$$p" <<< "$$ok" || missing="$$missing $$p"; done; \
	[ -n "$(KERNELRELEASE)" ] && [ -r /boot/vmlinuz-$(KERNELRELEASE) ] || \
		missing="$$missing linux-image-amd64 linux-headers-amd64"; \
	[ -r "$(LINUX_SOURCE_TAR)" ] || missing="$$missing linux-source"; \
	if [ -n "$$missing" ]; then echo "missing:$$missing"; exit 1; fi

deps:
	@if $(MAKE) -s --no-print-directory deps-check; then \
		echo "All dependencies are installed."; \
	else \
		sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		set -x; \
		$$sudo apt-get update && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y \
			--no-install-recommends $(DEPS_PKGS); \
	fi

# Every shell script: *.sh and files starting with a shell #! line.
SCRIPTS_CMD := find . \( -path ./.git -o -path ./build \) -prune -o -type f \
	\( -name '*.sh' -o -perm -u+x \) -print | sort | \
	while read -r f; do case "$$f" in *.sh) echo "$$f" ;; *) \
	head -n1 "$$f" | grep -qE '^\#!(/usr)?/bin/(env )?(ba|da|busybox )?sh' \
	&& echo "$$f" ;; esac; done
KMOD_SRCS = $(filter-out %.mod.c,$(sort $(wildcard kmod/*.[ch] kmod/*/*.[ch])))

style: $(KSRC_STAMP)
	@rc=0; \
	echo "  CHECKPATCH kmod/"; \
	$(CHECKPATCH) $(CHECKPATCH_FLAGS) $(addprefix --ignore ,$(CHECKPATCH_IGNORE)) \
		-f $(KMOD_SRCS) || rc=1; \
	echo "  SHELLCHECK"; \
	$(SCRIPTS_CMD) | xargs -r shellcheck -x -P SCRIPTDIR || rc=1; \
	for f in $$(find . \( -path ./.git -o -path ./build \) -prune -o \
		-name '*.bash-completion' -print); do \
		shellcheck -s bash "$$f" || rc=1; done; \
	exit $$rc

# Native userspace tests (no VM needed).
unit:
	@if [ -f selftests/lpm/Makefile ]; then \
		$(MAKE) -C selftests/lpm run; \
	else echo "  UNIT    selftests/lpm not present, skipped"; fi

# The kselftest suite in one VM, with the module staged for autoload and
# the tools on PATH. Prints every KTAP result and a summary line last;
# CHECK_RESULTS ("name=status ...") adds results of steps run before it.
CHECK_RESULTS ?=

vmcheck: test-progs
	@[ -f $(MODULE) ] || { echo "$(MODULE) not built" >&2; exit 1; }
	@rc=0; set -o pipefail; \
	$(VMRUN) --kernel $(KERNELRELEASE) --modules $(MODULE) --path tools \
		-e RF_REQUIRE_MODULE=1 -- \
		make --no-print-directory -C selftests KSFT_DIR=$(KSFT_DIR) \
		run_tests 2>&1 | tee $(BUILD)/check.log || rc=$$?; \
	$(CURDIR)/tools/vm/ktap-summary $(BUILD)/check.log $$rc $(CHECK_RESULTS)

# A style or unit test failure does not stop the suite: every result is
# reported, and any failure fails the run. A build failure stops it.
check:
	@$(MAKE) -s --no-print-directory deps-check > /dev/null || $(MAKE) deps
	@$(MAKE) --no-print-directory all
	@style=0; unit=0; \
	$(MAKE) --no-print-directory style || style=$$?; \
	$(MAKE) --no-print-directory unit || unit=$$?; \
	$(MAKE) --no-print-directory vmcheck \
		CHECK_RESULTS="make-style=$$style make-unit=$$unit"

demo:
	@$(MAKE) -s --no-print-directory deps-check > /dev/null || $(MAKE) deps
	@$(MAKE) --no-print-directory modules tools
	@$(VMRUN) --kernel $(KERNELRELEASE) --modules $(MODULE) --path tools \
		-- examples/demo.sh

bench:
	@if [ -f bench/Makefile ]; then $(MAKE) -C bench; \
	else echo "bench/ has no Makefile yet" >&2; exit 1; fi

install:
	@[ -f $(MODULE) ] && [ -x tools/rfence ] || { \
		echo "build first: make" >&2; exit 1; }
	install -D -m 0644 $(MODULE) $(DESTDIR)$(MODDIR)/routefence.ko
	install -D -m 0755 tools/rfence $(DESTDIR)$(SBINDIR)/rfence
	@if [ -f tools/rfence.8 ]; then set -x; \
		install -D -m 0644 tools/rfence.8 $(DESTDIR)$(MANDIR)/man8/rfence.8; fi
	@if [ -f tools/rfence.bash-completion ]; then set -x; \
		install -D -m 0644 tools/rfence.bash-completion \
			$(DESTDIR)$(BASHCOMPDIR)/rfence; fi
	@if [ -z "$(DESTDIR)" ]; then set -x; depmod -a $(KERNELRELEASE); \
	else echo "DESTDIR set: run depmod $(KERNELRELEASE) on the target"; fi

clean:
	@if [ -d "$(KDIR)" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	@if [ -f tools/Makefile ]; then $(MAKE) -C tools clean; fi
	@if [ -f $(KSFT_DIR)/lib.mk ]; then \
		$(MAKE) -C selftests KSFT_DIR=$(KSFT_DIR) clean; fi
	@if [ -f selftests/lpm/Makefile ]; then $(MAKE) -C selftests/lpm clean; fi
	@if [ -f bench/Makefile ]; then $(MAKE) -C bench clean; fi
	rm -rf $(BUILD)/vm $(BUILD)/check.log

# Also forgets the extracted kernel files and the VM images.
distclean: clean
	rm -rf $(BUILD)
