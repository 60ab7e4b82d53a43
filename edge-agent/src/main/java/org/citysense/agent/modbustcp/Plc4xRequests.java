package org.citysense.agent.modbustcp;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.plc4x.java.api.PlcConnection;
import org.apache.plc4x.java.api.messages.PlcReadRequest;
import org.apache.plc4x.java.api.messages.PlcReadResponse;
import org.apache.plc4x.java.api.messages.PlcResponse;
import org.apache.plc4x.java.api.messages.PlcWriteResponse;
import org.apache.plc4x.java.api.types.PlcResponseCode;
import org.apache.plc4x.java.api.value.PlcValue;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.modbus.Block;
import org.citysense.agent.modbus.Reply;
import org.citysense.profiles.model.ModbusTable;

/**
 * Block reads and point writes as PLC4X 0.13.1 requests, and their responses as {@link Reply}s.
 *
 * <p>What PLC4X 0.13.1 does, found by trying: tag addresses are 1-based. {@code
 * holding-register:1[10]} reads ten registers as signed INTs (65436 comes back as -100), so
 * registers are read as {@code :UINT[n]}: a list of 0..65535 values, or a single value when n is 1
 * ({@code :WORD[n]} returns the first register only). A bit tag with a quantity, {@code
 * coil:1[10]}, reads ten bits on the wire but returns only the first, so a bit block is one tag per
 * address in one request, which PLC4X's optimizer sends as one read of the whole block. Coils are
 * written with function 15 even one at a time (PLC4X has no function 5); one register with 6, more
 * with 16.
 */
final class Plc4xRequests {
  private static final String WORDS = "words";
  private static final String BIT = "bit";
  private static final String WRITE = "write";

  private Plc4xRequests() {}

  /** One request for the whole block. */
  static CompletableFuture<? extends PlcReadResponse> read(PlcConnection connection, Block block) {
    PlcReadRequest.Builder builder = connection.readRequestBuilder();
    if (block.table().isBitTable()) {
      for (int i = 0; i < block.count(); i++) {
        builder.addTagAddress(BIT + i, block.table().id() + ":" + (block.start() + i + 1));
      }
    } else {
      builder.addTagAddress(
          WORDS, block.table().id() + ":" + (block.start() + 1) + ":UINT[" + block.count() + "]");
    }
    return builder.build().execute();
  }

  static Reply readReply(Block block, PlcResponse response) {
    PlcReadResponse read = (PlcReadResponse) response;
    return block.table().isBitTable() ? bits(block, read) : words(block, read);
  }

  static CompletableFuture<? extends PlcWriteResponse> writeCoil(
      PlcConnection connection, int address, boolean on) {
    return connection
        .writeRequestBuilder()
        .addTagAddress(WRITE, ModbusTable.COIL.id() + ":" + (address + 1), on)
        .build()
        .execute();
  }

  static CompletableFuture<? extends PlcWriteResponse> writeRegisters(
      PlcConnection connection, int address, int[] words) {
    String tag =
        ModbusTable.HOLDING_REGISTER.id()
            + ":"
            + (address + 1)
            + ":UINT"
            + (words.length == 1 ? "" : "[" + words.length + "]");
    Object[] values = new Object[words.length];
    for (int i = 0; i < words.length; i++) {
      values[i] = words[i];
    }
    return connection.writeRequestBuilder().addTagAddress(WRITE, tag, values).build().execute();
  }

  static Reply writeReply(PlcResponse response) {
    PlcResponseCode code = ((PlcWriteResponse) response).getResponseCode(WRITE);
    return code == PlcResponseCode.OK ? Reply.done() : Reply.failed(failure(code));
  }

  /**
   * The Modbus exception behind a PLC4X response code. PLC4X 0.13.1 keeps no exception code, only
   * its own mapping: 1 UNSUPPORTED, 2 INVALID_ADDRESS, 3 INVALID_DATA, 6 REMOTE_BUSY are one to
   * one; 4, 7 and 11 all become REMOTE_ERROR, 8 and 10 INTERNAL_ERROR, so those keep code 0.
   */
  static Failure failure(PlcResponseCode code) {
    return switch (code) {
      case UNSUPPORTED -> exception(1, "illegal function");
      case INVALID_ADDRESS -> exception(2, "illegal data address");
      case INVALID_DATA -> exception(3, "illegal data value");
      case REMOTE_BUSY -> exception(6, "slave device busy");
      case REMOTE_ERROR ->
          exception(
              0,
              "device failure, negative acknowledge or gateway target failed (exception 4, 7 or 11)");
      case INTERNAL_ERROR ->
          exception(0, "memory parity error or gateway path unavailable (exception 8 or 10)");
      default -> Failure.of(Failure.Kind.MALFORMED, "PLC4X answered " + code);
    };
  }

  private static Reply words(Block block, PlcReadResponse response) {
    PlcResponseCode code = response.getResponseCode(WORDS);
    if (code != PlcResponseCode.OK) {
      return Reply.failed(failure(code));
    }
    PlcValue value = response.getPlcValue(WORDS);
    List<? extends PlcValue> items =
        value == null ? List.of() : value.isList() ? value.getList() : List.of(value);
    if (items.size() != block.count()) {
      return malformed(items.size() + " registers where " + block.count() + " were asked for");
    }
    int[] words = new int[items.size()];
    for (int i = 0; i < words.length; i++) {
      words[i] = items.get(i).getInt();
      if (words[i] < 0 || words[i] > 0xFFFF) {
        return malformed("register value " + words[i]);
      }
    }
    return Reply.ofWords(words);
  }

  private static Reply bits(Block block, PlcReadResponse response) {
    boolean[] bits = new boolean[block.count()];
    for (int i = 0; i < bits.length; i++) {
      PlcResponseCode code = response.getResponseCode(BIT + i);
      if (code != PlcResponseCode.OK) {
        return Reply.failed(failure(code));
      }
      PlcValue value = response.getPlcValue(BIT + i);
      if (value == null) {
        return malformed("no value for bit " + (block.start() + i));
      }
      bits[i] = value.getBoolean();
    }
    return Reply.ofBits(bits);
  }

  private static Failure exception(int code, String meaning) {
    return new Failure(Failure.Kind.EXCEPTION, code, meaning);
  }

  private static Reply malformed(String what) {
    return Reply.failed(Failure.Kind.MALFORMED, "PLC4X returned " + what);
  }
}
