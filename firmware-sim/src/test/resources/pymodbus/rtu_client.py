"""A Modbus RTU master on pymodbus 3.0.0, the real peer of RtuSlaveIT.

usage: /usr/bin/python3 rtu_client.py PORT BAUD PARITY STOPBITS OPERATION...

operations: hr:UNIT:ADDRESS:COUNT  read holding registers
            ir:UNIT:ADDRESS:COUNT  read input registers
            co:UNIT:ADDRESS:COUNT  read coils
            wc:UNIT:ADDRESS:0|1    write a single coil

One line per operation on stdout, the operation first:
  OP registers V...   OP bits B...   OP written
  OP exception CODE   (a Modbus exception response)
  OP error CLASS TEXT (no valid response: what pymodbus returned or raised)
"""
import sys

from pymodbus.client import ModbusSerialClient
from pymodbus.pdu import ExceptionResponse


def run(client, operation):
    kind, unit, address, arg = operation.split(":")
    unit, address, arg = int(unit), int(address), int(arg)
    if kind == "hr":
        return client.read_holding_registers(address, arg, slave=unit)
    if kind == "ir":
        return client.read_input_registers(address, arg, slave=unit)
    if kind == "co":
        return client.read_coils(address, arg, slave=unit)
    if kind == "wc":
        return client.write_coil(address, bool(arg), slave=unit)
    raise ValueError("unknown operation " + operation)


def describe(operation, result):
    if isinstance(result, ExceptionResponse):
        return f"{operation} exception {result.exception_code}"
    if result is None or result.isError():
        return f"{operation} error {type(result).__name__} {result}"
    if hasattr(result, "registers"):
        return f"{operation} registers " + " ".join(str(r) for r in result.registers)
    if operation.startswith("co:"):
        count = int(operation.split(":")[3])
        return f"{operation} bits " + " ".join(str(int(b)) for b in result.bits[:count])
    return f"{operation} written"


def main(argv):
    port, baud, parity, stopbits = argv[1], int(argv[2]), argv[3], int(argv[4])
    # no retries: a bad answer must show as what it is, not be hidden by a second try
    client = ModbusSerialClient(
        port, baudrate=baud, parity=parity, stopbits=stopbits, timeout=2, retries=0
    )
    if not client.connect():
        print(f"cannot open {port}", file=sys.stderr)
        return 2
    try:
        for operation in argv[5:]:
            try:
                line = describe(operation, run(client, operation))
            except Exception as e:  # pylint: disable=broad-except
                line = f"{operation} error {type(e).__name__} {e}"
            print(line, flush=True)
    finally:
        client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
