"""Resource limits for the children that read untrusted files (FFmpeg, Tesseract), set without running
Python between fork and exec.

The limits used to be applied by a `preexec_fn`. In a process with threads (the web server's threads, a
task run inline, a live server in the tests) the forked child runs that Python function with every lock
another thread held at the fork still held, and it can wait on one forever: the child never execs and the
request that started it hangs. `prlimit` (util-linux) sets the limits on itself and then execs the command,
so the fork runs no Python at all."""

import os
import resource
import shutil

PRLIMIT = shutil.which("prlimit") or "/usr/bin/prlimit"


def _capped(which: int, value: int) -> int:
    _, hard = resource.getrlimit(which)
    return value if hard == resource.RLIM_INFINITY else min(value, hard)


def limited(args: list[str], *, cpu_seconds: int, memory_bytes: int, output_bytes: int) -> list[str]:
    """`args` run under `prlimit` with the given limits (soft = hard, never above this process's hard
    limits) and no core file. Raises FileNotFoundError when the command or prlimit cannot be run, as
    Popen would for the command itself."""
    program = args[0] if os.path.sep in args[0] else shutil.which(args[0])
    if not program or not os.access(program, os.X_OK):
        raise FileNotFoundError(f"{args[0]}: not found")
    if not os.access(PRLIMIT, os.X_OK):
        raise FileNotFoundError("prlimit (util-linux): not found")
    options = [
        f"--cpu={_capped(resource.RLIMIT_CPU, cpu_seconds)}",
        f"--as={_capped(resource.RLIMIT_AS, memory_bytes)}",
        f"--fsize={_capped(resource.RLIMIT_FSIZE, output_bytes)}",
    ]
    return [PRLIMIT, *options, "--core=0", "--", program, *args[1:]]
