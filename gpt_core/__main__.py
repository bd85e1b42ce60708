import os
import sys

import gpt_core

# The command line is a compute process that owns its cores: it runs with OpenMP's own default wait (spin
# briefly, then sleep), which saves the wake-up between torch's many small parallel regions, as nanoGPT's
# train.py runs. The server and notebooks keep the PASSIVE policy gpt_core/__init__.py sets (an idle thread
# never spins there). ACTIVE (spin forever) is not the CLI's default: on a busy machine it made training
# 15x slower. A user's own setting wins; it only acts before torch loads. Measured: bench/README.md.
if not gpt_core.OMP_WAIT_POLICY_FROM_USER and "torch" not in sys.modules:
    os.environ.pop("OMP_WAIT_POLICY", None)

from gpt_core.cli import main  # after the wait policy is chosen

sys.exit(main())
