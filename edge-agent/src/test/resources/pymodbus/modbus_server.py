"""A Modbus server on pymodbus 3.0.0 with known values, the real peer of the agent's Modbus ITs.

usage: /usr/bin/python3 modbus_server.py tcp PORT
       /usr/bin/python3 modbus_server.py rtu DEVICE BAUD PARITY STOPBITS

Units and what they hold (addresses are 0-based protocol addresses):
  1  pm25-rs485:         holding 0..9 = 523 65436 0 0 35 0 0 0 0 48
  2  gas-lel-modbus:     input 0 = 125, discrete input 0 = 1, coils 0..9 = 1 0 1 1 0 0 0 0 1 0,
                         holding 0..9 free for writes
  3  water-meter-modbus: holding 0..4 = 57920 1 0 16712 87

Prints "ready" once it serves, then one line per request that reaches a unit's data:
  read UNIT FC ADDRESS COUNT      (function codes 1 to 4)
  write UNIT FC ADDRESS VALUE...  (function codes 5, 6, 15, 16)
"""
import asyncio
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.framer.rtu_framer import ModbusRtuFramer
from pymodbus.server import StartAsyncSerialServer, StartAsyncTcpServer

READS = (1, 2, 3, 4)


class LoggingUnit(ModbusSlaveContext):
    """One unit's tables, printing every read and write as it happens."""

    def __init__(self, unit, **tables):
        super().__init__(zero_mode=True, **tables)
        self.unit = unit

    def getValues(self, fc_as_hex, address, count=1):
        # write requests read back what they wrote to build their answer: not a read on the wire
        if fc_as_hex in READS:
            print(f"read {self.unit} {fc_as_hex} {address} {count}", flush=True)
        return super().getValues(fc_as_hex, address, count)

    def setValues(self, fc_as_hex, address, values):
        shown = " ".join(str(int(v)) for v in values)
        print(f"write {self.unit} {fc_as_hex} {address} {shown}", flush=True)
        super().setValues(fc_as_hex, address, values)


def block(values):
    return ModbusSequentialDataBlock(0, list(values))


def units():
    empty = block([0])
    return {
        1: LoggingUnit(
            1,
            hr=block([523, 65436, 0, 0, 35, 0, 0, 0, 0, 48]),
            ir=empty, di=block([0]), co=block([0]),
        ),
        2: LoggingUnit(
            2,
            hr=block([0] * 10),
            ir=block([125]),
            di=block([1]),
            co=block([1, 0, 1, 1, 0, 0, 0, 0, 1, 0]),
        ),
        3: LoggingUnit(
            3,
            hr=block([57920, 1, 0, 16712, 87]),
            ir=empty, di=block([0]), co=block([0]),
        ),
    }


async def serve(argv):
    context = ModbusServerContext(slaves=units(), single=False)
    if argv[1] == "tcp":
        server = await StartAsyncTcpServer(
            context=context, address=("127.0.0.1", int(argv[2])), defer_start=True
        )
        task = asyncio.create_task(server.serve_forever())
        await server.serving
    else:
        device, baud, parity, stopbits = argv[2], int(argv[3]), argv[4], int(argv[5])
        server = await StartAsyncSerialServer(
            context=context,
            framer=ModbusRtuFramer,
            port=device,
            baudrate=baud,
            bytesize=8,
            parity=parity,
            stopbits=stopbits,
            defer_start=True,
        )
        await server.start()
        if server.transport is None:
            print(f"cannot open {device}", file=sys.stderr, flush=True)
            return 2
        task = asyncio.create_task(server.serve_forever())
    print("ready", flush=True)
    await task
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(serve(sys.argv)))
