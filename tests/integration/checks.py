# SPDX-License-Identifier: BSD-3-Clause
"""What the gateway's integration tests share: the EAL options that run
mtc-gw without a NIC or hugepages, and a counter of checks that ends in the
'N passed, N failed' line."""


def eal(mem_mb=256):
    return ["--no-huge", "-m", str(mem_mb), "--no-pci", "-l", "0", "--no-shconf",
            "--log-level=*:error"]


class Checks:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, name, cond, detail=""):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {name}: {detail}")
        return cond

    def done(self):
        """Prints the summary; returns the exit status."""
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0
