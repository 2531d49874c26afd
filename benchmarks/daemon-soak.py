#!/usr/bin/env python3
"""Soak test of the daemon as systemd runs it: time to READY, watchdog pings, RSS over a long run.

Starts `focusctl run --simulate` (or with --config) with NOTIFY_SOCKET and WATCHDOG_USEC set the way systemd sets
them, listens on the notify socket like systemd does, samples the process's RSS from /proc and its status from the
control socket, then stops it with SIGTERM and checks it said STOPPING=1 and exited 0.

    dotnet build src/FocusController.Host -c Release
    python3 benchmarks/daemon-soak.py --minutes 60 --sample-seconds 60 --json-out /tmp/soak.json

Prints one line per sample and a JSON summary (ready_s, rss_mb by minute, growth over the second half).
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_FOCUSCTL = os.path.join(ROOT, "src", "FocusController.Host", "bin", "Release", "net10.0", "focusctl")


def rss_mb(pid):
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def daemon_status(path):
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(5)
            client.connect(path)
            client.sendall(b"status\n")
            data = b""
            while not data.endswith(b"\n"):
                chunk = client.recv(65536)
                if not chunk:
                    break
                data += chunk
        return json.loads(data)
    except (OSError, ValueError):
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--focusctl", default=DEFAULT_FOCUSCTL, help="the built focusctl executable")
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--sample-seconds", type=float, default=60)
    parser.add_argument("--watchdog-sec", type=float, default=30, help="WatchdogSec= to pretend")
    parser.add_argument("--config", help="run with this config instead of --simulate")
    parser.add_argument("--json-out")
    parser.add_argument("extra", nargs="*", help="config overrides, e.g. Simulation:DriftUmPerHour=5")
    args = parser.parse_args()

    # Microsoft.Extensions.Hosting.Systemd sends READY=1 only when its parent process is named "systemd" (it reads
    # /proc/<ppid>/comm); naming ourselves so makes the daemon behave exactly as under the real service manager.
    with open("/proc/self/comm", "w", encoding="ascii") as comm:
        comm.write("systemd")

    work = tempfile.mkdtemp(prefix="focus-soak-")
    notify_path = os.path.join(work, "notify")
    control_path = os.path.join(work, "control.sock")
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(notify_path)
    notify.setblocking(False)

    command = [args.focusctl, "run"] + (["--config", args.config] if args.config else ["--simulate"])
    command += [f"Daemon:ControlSocket={control_path}"] + args.extra
    env = dict(os.environ, NOTIFY_SOCKET=notify_path, WATCHDOG_USEC=str(int(args.watchdog_sec * 1e6)))
    log_path = os.path.join(work, "daemon.log")
    started = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as log:
        daemon = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    events = {"ready_s": None, "stopping": False, "watchdog_pings": 0, "status_lines": 0, "last_status": None}

    def drain():
        while True:
            try:
                message = notify.recv(4096).decode("utf-8", "replace")
            except BlockingIOError:
                return
            for line in message.splitlines():
                if line == "READY=1" and events["ready_s"] is None:
                    events["ready_s"] = time.monotonic() - started
                elif line == "WATCHDOG=1":
                    events["watchdog_pings"] += 1
                elif line == "STOPPING=1":
                    events["stopping"] = True
                elif line.startswith("STATUS="):
                    events["status_lines"] += 1
                    events["last_status"] = line[len("STATUS="):]

    samples = []
    deadline = started + args.minutes * 60
    next_sample = started + args.sample_seconds
    try:
        while time.monotonic() < deadline and daemon.poll() is None:
            drain()
            if time.monotonic() >= next_sample:
                next_sample += args.sample_seconds
                status = daemon_status(control_path) or {}
                sample = {
                    "minute": round((time.monotonic() - started) / 60, 2),
                    "rss_mb": round(rss_mb(daemon.pid), 1),
                    "phase": status.get("phase"),
                    "focus_runs": status.get("focus_runs"),
                    "tracking_corrections": status.get("tracking_corrections"),
                    "watchdog_pings": events["watchdog_pings"],
                }
                samples.append(sample)
                print(json.dumps(sample), flush=True)
            time.sleep(0.05)
    finally:
        if daemon.poll() is None:
            daemon.send_signal(signal.SIGTERM)
        try:
            exit_code = daemon.wait(timeout=30)
        except subprocess.TimeoutExpired:
            daemon.kill()
            exit_code = daemon.wait()
        drain()

    half = [s for s in samples if s["minute"] >= args.minutes / 2]
    summary = {
        "command": " ".join(command),
        "ready_s": None if events["ready_s"] is None else round(events["ready_s"], 2),
        "watchdog_pings": events["watchdog_pings"],
        "status_lines": events["status_lines"],
        "last_status": events["last_status"],
        "stopping_sent": events["stopping"],
        "exit_code": exit_code,
        "rss_mb_first": samples[0]["rss_mb"] if samples else None,
        "rss_mb_peak": max((s["rss_mb"] for s in samples), default=None),
        "rss_mb_last": samples[-1]["rss_mb"] if samples else None,
        "rss_mb_growth_second_half": round(half[-1]["rss_mb"] - half[0]["rss_mb"], 1) if len(half) >= 2 else None,
        "samples": samples,
        "log": log_path,
    }
    text = json.dumps(summary, indent=1)
    print(text)
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as out:
            out.write(text)
    return 0 if exit_code == 0 and summary["ready_s"] is not None else 1


if __name__ == "__main__":
    sys.exit(main())
