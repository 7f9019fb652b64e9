"""`make bench`: side-by-side ratios against the emulator (not part of `make test`)."""
