"""Exit 0 when HOST:PORT can be listened on, else say why and exit 1.

`make demo` runs this before setting anything up, so that a port already in
use is said at once, not after minutes of installing and seeding. Standard
library only: it runs before the virtual environment exists.
"""

import os
import socket
import sys


def main(address: str) -> int:
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        print(f"DEMO_ADDRESS must be HOST:PORT, e.g. 127.0.0.1:8000 (got {address!r}).")
        return 1
    try:
        with socket.create_server((host.strip("[]"), int(port))):
            return 0
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        print(f"Cannot serve on {address}: {reason}.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ""))
