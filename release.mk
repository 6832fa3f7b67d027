# relkit — MIT licence, see LICENSE.
# The release checklist as stamp-file targets: see its own issue; this is
# the placeholder the foundation ships.
.PHONY: release
release:
	@echo "release.mk: not ready yet" >&2; exit 2
