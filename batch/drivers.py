"""Who runs a job: a driver process, named so that a reused PID is not mistaken for it.

A PID alone is not an identity: once a driver dies, the system may give its PID to any
new process, and a job claimed by the dead driver would look busy for ever. A driver is
named by its PID, its host and the moment its process started (as the kernel reports
it, with the boot it belongs to); it is alive when a process with that PID on that host
started at that same moment.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


def process_started(pid: int) -> str:
    """When process ``pid`` started, as an opaque stable string ("" when unknown).

    On Linux: the boot id and the start time in clock ticks since boot (``/proc``).
    Elsewhere, or when the process does not exist: "".
    """
    try:
        stat = (PROC / str(pid) / "stat").read_text()
        boot = (PROC / "sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""
    fields = stat.rpartition(")")[2].split()  # the command name may hold spaces
    return f"{boot}:{fields[19]}" if len(fields) > 19 else ""


def pid_alive(pid: int) -> bool:
    """Whether a process ``pid`` exists on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class DriverId:
    """A driver process.

    Attributes:
        pid: Its process id.
        host: The machine it runs on.
        started: When its process started (:func:`process_started`; "" when unknown).
    """

    pid: int
    host: str
    started: str

    @classmethod
    def of(cls, pid: int) -> DriverId:
        """The process ``pid`` of this machine."""
        return cls(pid=pid, host=socket.gethostname(), started=process_started(pid))

    @classmethod
    def this(cls) -> DriverId:
        """This process."""
        return cls.of(os.getpid())

    def alive(self) -> bool:
        """Whether the driver still runs.

        A driver of another host cannot be checked from here: it counts as alive (resume
        the job on that host, where its death can be seen).
        """
        if self.host != socket.gethostname():
            return True
        if not pid_alive(self.pid):
            return False
        return not self.started or process_started(self.pid) in ("", self.started)
