# aoe-boot: boot a diskless Linux machine from an ATA over Ethernet root.
# `make help` lists the targets.

PREFIX  ?= /usr
DESTDIR ?=
# dracut and udev read only their own directories, whatever PREFIX is.
DRACUTDIR    ?= /usr/lib/dracut
UDEVRULESDIR ?= /usr/lib/udev/rules.d
INITRAMFSTOOLSDIR ?= /usr/share/initramfs-tools
SYSCONFDIR ?= /etc
SYSTEMDUNITDIR ?= /lib/systemd/system
SYSTEMDSHUTDOWNDIR ?= /lib/systemd/system-shutdown
MODDIR   = $(DESTDIR)$(DRACUTDIR)/modules.d/50aoe
MANDIR   = $(DESTDIR)$(PREFIX)/share/man
DOCDIR   = $(DESTDIR)$(PREFIX)/share/doc/aoe-boot

MODULE_FILES = $(wildcard modules.d/50aoe/*.sh) modules.d/50aoe/61-aoe-storage.rules \
               modules.d/50aoe/aoe-up.service
UDEVDIR  = $(DESTDIR)$(UDEVRULESDIR)
ITRDIR   = $(DESTDIR)$(INITRAMFSTOOLSDIR)
ITR_PHASES = init-top local-top local-bottom init-bottom
LABDIR   = $(DESTDIR)$(PREFIX)/lib/aoe-lab
MAN8 = $(wildcard docs/man/*.8)
MAN7 = $(wildcard docs/man/*.7)

.PHONY: all deps helper install check check-unit check-lint check-netns check-e2e \
        bench demo demo-shell deb clean clean-cache help fuzz

all: helper

helper:
	$(MAKE) -C src

# The Debian packages building and testing need: installed when root, else listed.
deps:
	@if [ "$$(id -u)" = 0 ]; then tools/install-deps.sh; \
	else tools/install-deps.sh --check || echo "(not root: the tests that need these are skipped)"; fi

install: helper
	# the module was 95aoe before 1.0: two modules named aoe would both be installed
	rm -rf $(DESTDIR)$(DRACUTDIR)/modules.d/95aoe
	install -d $(MODDIR)
	install -m 0755 $(MODULE_FILES) $(MODDIR)/
	install -m 0755 src/aoe-up $(MODDIR)/aoe-up
	chmod 0644 $(MODDIR)/61-aoe-storage.rules $(MODDIR)/aoe-up.service
	# initramfs-tools: a hook and boot scripts (executable, or it skips them)
	# that take the helper and the shared scripts from the module above
	install -d $(ITRDIR)/hooks $(addprefix $(ITRDIR)/scripts/,$(ITR_PHASES)) \
		$(DESTDIR)$(PREFIX)/lib/aoe-boot/initramfs-tools
	install -m 0755 initramfs-tools/hooks/aoe-boot $(ITRDIR)/hooks/aoe-boot
	$(foreach p,$(ITR_PHASES),install -m 0755 initramfs-tools/scripts/$(p)/aoe-boot $(ITRDIR)/scripts/$(p)/aoe-boot;)
	install -m 0644 initramfs-tools/*.sh $(DESTDIR)$(PREFIX)/lib/aoe-boot/initramfs-tools/
	# the installed system needs the same rule for UUID= and LABEL= on AoE disks
	install -d $(UDEVDIR)
	install -m 0644 modules.d/50aoe/61-aoe-storage.rules $(UDEVDIR)/
	# the booted system's ifupdown/dhclient keep the AoE NICs up and their MTU
	install -d $(DESTDIR)$(SYSCONFDIR)/dhcp/dhclient-enter-hooks.d $(DESTDIR)$(PREFIX)/lib/aoe-boot \
		$(DESTDIR)$(SYSTEMDUNITDIR)/ifup@.service.d $(DESTDIR)$(SYSTEMDUNITDIR)/networking.service.d
	install -m 0644 system/dhclient-enter-hook $(DESTDIR)$(SYSCONFDIR)/dhcp/dhclient-enter-hooks.d/aoe-boot
	install -m 0755 system/ifdown-guard $(DESTDIR)$(PREFIX)/lib/aoe-boot/ifdown-guard
	install -m 0644 system/ifup@.service.d/aoe-boot.conf $(DESTDIR)$(SYSTEMDUNITDIR)/ifup@.service.d/
	install -m 0644 system/networking.service.d/aoe-boot.conf $(DESTDIR)$(SYSTEMDUNITDIR)/networking.service.d/
	# ... and say on the console when an AoE disk's target stops answering
	install -d $(DESTDIR)$(PREFIX)/lib/aoe-boot $(DESTDIR)$(SYSTEMDUNITDIR)/sysinit.target.wants
	install -m 0755 system/aoe-watch $(DESTDIR)$(PREFIX)/lib/aoe-boot/aoe-watch
	install -m 0644 system/aoe-boot-watch.service $(DESTDIR)$(SYSTEMDUNITDIR)/
	ln -sf ../aoe-boot-watch.service $(DESTDIR)$(SYSTEMDUNITDIR)/sysinit.target.wants/aoe-boot-watch.service
	# ... and, without a shutdown initramfs, leave an overlay's kept layer clean
	install -d $(DESTDIR)$(SYSTEMDSHUTDOWNDIR)
	install -m 0755 system/aoe-boot.shutdown $(DESTDIR)$(SYSTEMDSHUTDOWNDIR)/aoe-boot.shutdown
	# the lab server's command, aoe-lab, and its export unit (package aoe-lab)
	install -d $(LABDIR) $(DESTDIR)$(PREFIX)/sbin
	install -m 0644 $(wildcard lab/*.sh) $(LABDIR)/
	install -m 0755 lab/aoe-lab lab/aoe-lab-listen $(LABDIR)/
	ln -sf ../lib/aoe-lab/aoe-lab $(DESTDIR)$(PREFIX)/sbin/aoe-lab
	install -m 0644 lab/aoe-lab-export@.service $(DESTDIR)$(SYSTEMDUNITDIR)/
	install -m 0644 lab/aoe-lab-http.service $(DESTDIR)$(SYSTEMDUNITDIR)/
	install -d $(MANDIR)/man7 $(MANDIR)/man8 $(DOCDIR)
	$(if $(MAN8),install -m 0644 $(MAN8) $(MANDIR)/man8/)
	$(if $(MAN7),install -m 0644 $(MAN7) $(MANDIR)/man7/)
	install -m 0644 README.md docs/*.md $(DOCDIR)/
	@echo "installed; now rebuild the initramfs: update-initramfs -u (initramfs-tools) or dracut -f (dracut)"

# The tests build the helper with warnings as errors (src/Makefile: WERROR);
# the scripts they run inherit it. `make deb` inside them pins WERROR=0.
check check-unit check-netns check-e2e: export WERROR ?= 1

# Every test; ends with a line "N passed, N failed, N skipped". As root it first
# installs the Debian packages the tests need (tools/install-deps.sh).
check: deps
	$(MAKE) helper
	tests/run.sh tests/unit/*.sh tests/fuzz/smoke.sh tests/lint.sh tests/netns/*.sh tests/e2e/*.sh

check-unit:
	tests/run.sh tests/unit/*.sh tests/fuzz/smoke.sh

# Every libFuzzer target (tests/fuzz/fz_*.c) for FUZZ_SECONDS each (clang).
FUZZ_SECONDS ?= 60
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh

check-lint:
	tests/run.sh tests/lint.sh

check-netns: deps helper
	tests/run.sh tests/netns/*.sh

check-e2e: deps helper
	tests/run.sh tests/e2e/*.sh

# The main job: PXE-boot a diskless QEMU machine onto an AoE root (root, Debian 12).
demo:
	tools/demo.sh

demo-shell:
	tools/demo.sh --shell

# Figures, not pass/fail: sizes, boot phases, throughput with and without jumbo frames.
bench: helper
	tools/bench.sh

# The Debian packages aoe-boot and aoe-lab (dpkg-buildpackage), in build/deb/;
# prints aoe-boot's path.
deb:
	tools/mkdeb.sh

clean:
	$(MAKE) -C src clean
	rm -rf build

# The tests' cache outside the clone (kernels, images, initramfs builds).
clean-cache:
	rm -rf /var/cache/aoe-boot-tests

help:
	@echo "make demo       PXE-boot a diskless QEMU machine onto an AoE root (root; installs what it needs)"
	@echo "make demo-shell the same, then a shell on the guest's console"
	@echo "make bench      print the figures: sizes, boot phases, jumbo vs 1500, late target, storm, a Debian root, UEFI, two paths"
	@echo "make            build the static helper src/aoe-up (klcc, else musl-gcc, else gcc -static)"
	@echo "make install    install the dracut module to \$$(DESTDIR)/usr/lib/dracut/modules.d/50aoe, the initramfs-tools hook and scripts, the booted system's ifupdown/dhclient guards and aoe-boot-watch.service, the lab server's aoe-lab (/usr/sbin) and its export unit, docs and man pages"
	@echo "make deb        build the Debian packages aoe-boot and aoe-lab (dpkg-buildpackage) into build/deb/"
	@echo "make check      run every test (unit, lint, netns, QEMU end-to-end); needs root for netns/e2e"
	@echo "make check-unit | check-lint | check-netns | check-e2e   one suite"
	@echo "make fuzz       run every fuzz target for FUZZ_SECONDS (60) each (clang, libclang-rt-14-dev)"
	@echo "make deps       install the Debian packages for building and testing (root)"
	@echo "make clean      remove build products (and a test cache in build/)"
	@echo "make clean-cache  remove the tests' shared cache /var/cache/aoe-boot-tests (kernels, images, initramfs)"
