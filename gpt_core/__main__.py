import sys

import gpt_core
from gpt_core.wait_policy import apply_cli_wait_policy

# The command line is a compute process: on an idle machine it lets OpenMP spin briefly between torch's
# parallel regions (its default, as nanoGPT's train.py runs); on a busy one it keeps the PASSIVE policy that
# gpt_core/__init__.py sets for the server, since spinning threads then collapse training (gpt_core/wait_policy.py).
# A user's own OMP_WAIT_POLICY always wins.
apply_cli_wait_policy(user_set=gpt_core.OMP_WAIT_POLICY_FROM_USER)

from gpt_core.cli import main  # after the wait policy is chosen: torch loads here

sys.exit(main())
