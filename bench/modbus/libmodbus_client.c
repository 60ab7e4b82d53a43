/*
 * Sequential Modbus TCP transactions with libmodbus: the peer the agent's driver is measured
 * against. Reads COUNT holding registers at ADDRESS from UNIT, N times, one request at a time.
 *   usage: libmodbus_client HOST PORT UNIT ADDRESS COUNT N
 * Prints: transactions=N seconds=S per_second=R
 */
#include <errno.h>
#include <modbus.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: %s HOST PORT UNIT ADDRESS COUNT N\n", argv[0]);
        return 2;
    }
    int port = atoi(argv[2]), unit = atoi(argv[3]), address = atoi(argv[4]);
    int count = atoi(argv[5]), n = atoi(argv[6]);
    modbus_t *ctx = modbus_new_tcp(argv[1], port);
    if (ctx == NULL || modbus_set_slave(ctx, unit) == -1 || modbus_connect(ctx) == -1) {
        fprintf(stderr, "cannot connect: %s\n", modbus_strerror(errno));
        return 1;
    }
    uint16_t regs[125];
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (int i = 0; i < n; i++) {
        if (modbus_read_registers(ctx, address, count, regs) != count) {
            fprintf(stderr, "read %d failed: %s\n", i, modbus_strerror(errno));
            return 1;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    printf("transactions=%d seconds=%.3f per_second=%.0f\n", n, seconds, n / seconds);
    modbus_close(ctx);
    modbus_free(ctx);
    return 0;
}
