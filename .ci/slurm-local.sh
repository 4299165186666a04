#!/usr/bin/env bash
# A real single-node Slurm on this machine, for the sweep tests and CI (docs/sweeps.md).
#
# usage: .ci/slurm-local.sh start|stop|status
#
# start   installs Debian's slurm-wlm and munge if missing, starts munged (unless one already
#         answers), slurmctld and slurmd with their own configuration, state and logs under
#         $RIDEMATCH_SLURM_DIR (default /tmp/ridematch-slurm) and their own ports (16817,
#         16818), waits for the node to be idle, and prints the line clients need:
#             export SLURM_CONF=/tmp/ridematch-slurm/slurm.conf
# stop    stops what start started, by the PIDs it recorded, newest first.
# status  exit 0 when the controller answers and the node is up, 3 otherwise.
#
# No systemd here and no usable cgroups: ProctrackType=proctrack/linuxproc, TaskPlugin=task/none.
# Nothing outside $RIDEMATCH_SLURM_DIR is changed, except a munge key created when none exists.
set -euo pipefail

dir=${RIDEMATCH_SLURM_DIR:-/tmp/ridematch-slurm}
port=${RIDEMATCH_SLURM_PORT:-16817}
conf=$dir/slurm.conf
export SLURM_CONF=$conf

pid_alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

running() {
  pid_alive "$dir/run/slurmctld.pid" && pid_alive "$dir/run/slurmd.pid" \
    && sinfo -h -o %T 2>/dev/null | grep -Eq '^(idle|mixed|allocated|completing)'
}

install() {
  if ! command -v slurmctld >/dev/null 2>&1 || ! command -v slurmd >/dev/null 2>&1 \
     || ! command -v sbatch >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
    echo "slurm-local: installing slurm-wlm and munge" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq slurm-wlm munge >/dev/null
  fi
}

start_munge() {
  if munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then return; fi  # one answers already
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge
  chmod 755 /run/munge
  if [[ ! -s /etc/munge/munge.key ]]; then
    mkdir -p /etc/munge
    if command -v mungekey >/dev/null 2>&1; then mungekey --create --force; else
      dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none; fi
    chown munge:munge /etc/munge/munge.key
    chmod 400 /etc/munge/munge.key
  fi
  mkdir -p "$dir/munge"
  chown munge:munge "$dir/munge"
  # Daemons never keep the caller's stdout/stderr open: a caller reading this script's
  # output to its end (a test through a pipe) would otherwise wait for the daemons to exit.
  su -s /bin/sh munge -c "/usr/sbin/munged --pid-file=$dir/munge/munged.pid" </dev/null >>"$dir/munge/munged.out" 2>&1
  for _ in $(seq 50); do
    if munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then return; fi
    sleep 0.1
  done
  echo "slurm-local: munged did not start" >&2
  exit 1
}

write_conf() {
  local host node
  host=$(hostname -s)
  # The node as slurmd sees it, without RealMemory (this machine's is shared and changes).
  node=$(slurmd -C | head -1 | sed -E 's/ RealMemory=[0-9]+//')
  cat >"$conf" <<EOF
# Written by .ci/slurm-local.sh: a single-node Slurm for tests.
ClusterName=ridematch-local
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=slurm
AuthType=auth/munge
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0,bf_interval=1
MpiDefault=none
ReturnToService=2
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
}

start() {
  install
  if running; then
    echo "slurm-local: already running ($conf)" >&2
    echo "export SLURM_CONF=$conf"
    return
  fi
  stop_daemons quiet
  mkdir -p "$dir"/{state,spool,log,run}
  chmod 755 "$dir"
  chown slurm:slurm "$dir"/{state,spool,log,run}
  start_munge
  write_conf
  slurmctld </dev/null >>"$dir/log/slurmctld.out" 2>&1
  slurmd </dev/null >>"$dir/log/slurmd.out" 2>&1
  for _ in $(seq 300); do
    if running; then
      echo "slurm-local: up, node $(hostname -s) idle ($conf)" >&2
      echo "export SLURM_CONF=$conf"
      return
    fi
    sleep 0.1
  done
  echo "slurm-local: Slurm did not come up; see $dir/log/" >&2
  tail -5 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 || true
  exit 1
}

# Stops the daemons this script started, by their PID files: slurmd, slurmctld, then munged.
stop_daemons() {
  local pidfile pid name
  for pidfile in "$dir/run/slurmd.pid" "$dir/run/slurmctld.pid" "$dir/munge/munged.pid"; do
    name=$(basename "$pidfile" .pid)
    [[ -f $pidfile ]] || continue
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null  # did not stop within 10 s: this PID only
      [[ ${1:-} == quiet ]] || echo "slurm-local: stopped $name ($pid)" >&2
    fi
    rm -f "$pidfile"
  done
}

case ${1:-} in
  start) start ;;
  stop) stop_daemons ;;
  status)
    if running; then echo "slurm-local: running ($conf)"; sinfo; else echo "slurm-local: not running"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
