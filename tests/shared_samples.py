"""Where the real runners' result files are: ../shared/samples beside the repository (as CI lays it
out), or TESTMGMT_SAMPLES."""

import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.environ.get("TESTMGMT_SAMPLES") or os.path.join(os.path.dirname(ROOT), "shared", "samples")
