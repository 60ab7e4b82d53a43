"""Registers a city for the rule benchmarks on a running cloud-ingest (bench/run-rules.sh,
bench/run-recovery.sh): a district, a street and a community, DEVICES stations on a grid of about
40 x 40 km around 31.23 N, 121.47 E (the grid of RuleEvaluationBench), a gateway enrolled with a
code, and one pm25-rs485 device bench-pm-<i> on each station. Prints "GATEWAY TOKEN".

usage: python3 bench/register-city.py ADMIN_TOKEN DEVICES [PORT]
"""
import http.client
import json
import math
import sys

admin, devices = sys.argv[1], int(sys.argv[2])
port = int(sys.argv[3]) if len(sys.argv) > 3 else 18090
conn = http.client.HTTPConnection("127.0.0.1", port)


def call(method, path, body=None, token=admin, ctype="application/json"):
    headers = {"Content-Type": ctype}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = body if isinstance(body, (bytes, str)) or body is None else json.dumps(body)
    conn.request(method, path, data, headers)
    r = conn.getresponse()
    text = r.read()
    if r.status >= 300:
        sys.exit(f"{method} {path}: {r.status} {text[:300]!r}")
    return json.loads(text) if text else None


call("POST", "/api/v1/units", {"id": "bench-d", "level": "district", "name": "Bench district"})
call("POST", "/api/v1/units", {"id": "bench-s", "parentId": "bench-d", "level": "street", "name": "Bench street"})
call("POST", "/api/v1/units", {"id": "bench-c", "parentId": "bench-s", "level": "community", "name": "Bench community"})
cols = math.ceil(math.sqrt(devices))
spacing = 40 / (cols - 1)
km_lat = 111.32
km_lon = 111.32 * math.cos(math.radians(31.23))
for i in range(devices):
    north = (i // cols) * spacing - 20
    east = (i % cols) * spacing - 20
    call("POST", "/api/v1/stations", {"id": f"bench-st-{i}", "unitId": "bench-c", "name": f"Bench station {i}",
                                      "lat": round(31.23 + north / km_lat, 6), "lon": round(121.47 + east / km_lon, 6)})
code = call("POST", "/api/v1/enrollments", {"unitId": "bench-c", "ttlMinutes": 60})["code"]
enrolled = call("POST", "/api/v1/gateways/enroll", {"code": code, "name": "bench gateway"}, token=None)
lines = ["devices:"] + [
    f"  - {{id: bench-pm-{i}, profile: pm25-rs485, modbus-tcp: {{host: 127.0.0.1, unitId: 1}}, station: bench-st-{i}}}"
    for i in range(devices)]
call("POST", f"/api/v1/devices/import?gateway={enrolled['gatewayId']}&file=devices.yaml",
     "\n".join(lines) + "\n", ctype="text/plain")
print(enrolled["gatewayId"], enrolled["token"])
