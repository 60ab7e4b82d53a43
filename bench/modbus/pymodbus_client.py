"""Sequential Modbus TCP transactions with pymodbus (Debian python3-pymodbus 3.0.0): a peer the
agent's driver is measured against.
usage: /usr/bin/python3 pymodbus_client.py HOST PORT UNIT ADDRESS COUNT N
Prints: transactions=N seconds=S per_second=R
"""
import sys
import time

from pymodbus.client import ModbusTcpClient


def main():
    host, port, unit, address, count, n = sys.argv[1], *map(int, sys.argv[2:7])
    client = ModbusTcpClient(host, port=port)
    if not client.connect():
        print("cannot connect", file=sys.stderr)
        return 1
    start = time.monotonic()
    for i in range(n):
        result = client.read_holding_registers(address, count, slave=unit)
        if result.isError():
            print(f"read {i} failed: {result}", file=sys.stderr)
            return 1
    seconds = time.monotonic() - start
    print(f"transactions={n} seconds={seconds:.3f} per_second={n / seconds:.0f}")
    client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
