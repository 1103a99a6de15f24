#!/usr/bin/env python3
"""How long this disk takes to make one small journal record durable: the floor under every ACK's delay.

    sync-latency.py [DIRECTORY] [COUNT]

Writes a file in DIRECTORY (default /tmp; give the store's directory), fills 1 MiB of it with zeros and syncs it
(the journal prepares its room the same way, so a record's sync carries no change of the file's size), then COUNT
times (default 3000), 1 ms apart, overwrites the next 300 bytes and times fdatasync. Prints the percentiles in
milliseconds and removes the file.
"""
import os
import sys
import tempfile
import time

RECORD = b"x" * 300
ROOM_BYTES = 1 << 20


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else "/tmp"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    fd, path = tempfile.mkstemp(prefix="sync-latency.", dir=directory)
    try:
        os.write(fd, bytes(ROOM_BYTES))
        os.fsync(fd)
        os.lseek(fd, 0, os.SEEK_SET)
        seconds = []
        for _ in range(count):
            if os.lseek(fd, 0, os.SEEK_CUR) + len(RECORD) > ROOM_BYTES:
                os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, RECORD)
            start = time.perf_counter()
            os.fdatasync(fd)
            seconds.append(time.perf_counter() - start)
            time.sleep(0.001)
    finally:
        os.close(fd)
        os.unlink(path)
    seconds.sort()

    def ms(fraction):
        return seconds[min(len(seconds) - 1, int(fraction * len(seconds)))] * 1000

    print("fdatasync directory=%s count=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p99.9_ms=%.2f max_ms=%.2f"
          % (directory, count, ms(0.5), ms(0.9), ms(0.99), ms(0.999), seconds[-1] * 1000))


if __name__ == "__main__":
    main()
