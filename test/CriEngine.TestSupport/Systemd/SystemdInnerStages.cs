namespace CriEngine.TestSupport.Systemd;

/// <summary>
/// What PID 1 of the new namespaces runs before it becomes systemd: the inner stages of the
/// project's harness (shared/harness/systemd-ns.sh), unchanged but for how stage 1 re-executes
/// itself. They are the host protections: /proc/sys (but for /proc/sys/net), /proc/sys/net/unix,
/// /proc/sysrq-trigger and /sys read-only; CAP_SYS_MODULE dropped; a private /etc/systemd, /run
/// and /dev; only a minimal unit set and no generators; foreign overlay, nsfs and /run mounts
/// detached. Kept as the shell that was reviewed line by line rather than re-derived: every
/// mount here happens in the new mount namespace, after the fork, where no managed code runs.
/// Stage 1 (still in the host's cgroup namespace) moves itself into the instance's cgroups and
/// unshares the cgroup namespace; stage 2 mounts and execs systemd.
/// </summary>
internal static class SystemdInnerStages
{
    /// <summary>Run as <c>bash -c SCRIPT sdns-inner stage1</c>, the script itself in <c>$SDNS_INNER</c>.</summary>
    public const string Script = """
set -Eeuo pipefail
NAME=$SDNS_NAME
STATE=$SDNS_STATE_DIR
CG=$SDNS_CGROUP
MODE=$SDNS_CGROUP_MODE
EXTRA_DEVICES=$SDNS_EXTRA_DEVICES
SYSTEMD_BIN=$SDNS_SYSTEMD
JOURNAL=$SDNS_JOURNAL
log() { printf 'systemd-ns[%s]: %s\n' "$NAME" "$*" >&2; }
die() { log "error: $*"; exit 1; }
inner_stage1() {
    # Still in the host's cgroup namespace: move PID 1 into the dedicated cgroups, then
    # unshare the cgroup namespace so that they become its root.
    local type mp opts
    while read -r type mp opts; do
        echo 0 > "$mp/$CG/cgroup.procs"
    done < "$STATE/hierarchies"
    exec unshare --cgroup -- /bin/bash -c "$SDNS_INNER" sdns-inner stage2
}

journal_units() {
    [[ $JOURNAL == 1 ]] && echo systemd-journald.service systemd-journald.socket systemd-journald-dev-log.socket
    return 0
}

write_units() {
    local d=/etc/systemd/system u src
    mkdir -p "$d"
    # Stock targets and shutdown services from the distribution, linked one by one: their .wants/
    # directories stay invisible, so nothing else (journald, tmpfiles, udevd, getty...) is pulled in.
    for u in basic.target sysinit.target sockets.target slices.target paths.target timers.target \
             local-fs.target local-fs-pre.target swap.target network.target network-pre.target \
             nss-lookup.target multi-user.target shutdown.target umount.target final.target \
             poweroff.target halt.target reboot.target exit.target \
             systemd-poweroff.service systemd-halt.service systemd-reboot.service \
             systemd-exit.service dbus.socket dbus.service $(journal_units); do
        src=""
        for dir in /lib/systemd/system /usr/lib/systemd/system; do
            [[ -e $dir/$u ]] && { src=$(readlink -f "$dir/$u"); break; }
        done
        if [[ -n $src ]]; then
            ln -s "$src" "$d/$u"
        elif [[ $u == *.target ]]; then
            printf '[Unit]\nDescription=%s\n' "$u" > "$d/$u"
        else
            die "unit $u not found (package dbus or systemd missing?)"
        fi
    done
    ln -s poweroff.target "$d/ctrl-alt-del.target"
    cat > "$d/default.target" <<EOF
[Unit]
Description=systemd-ns default target (system bus + manager only)
Requires=basic.target dbus.socket
Wants=dbus.service $(journal_units)
After=basic.target dbus.socket dbus.service
AllowIsolate=yes
EOF
    # Only used with SDNS_JOURNAL=1: memory only, nothing from the kernel log.
    printf '[Journal]\nStorage=volatile\nReadKMsg=no\nRuntimeMaxUse=64M\n' > /etc/systemd/journald.conf
    cat > /etc/systemd/system.conf <<'EOF'
[Manager]
LogTarget=console
LogLevel=info
ShowStatus=no
DefaultTimeoutStartSec=30s
DefaultTimeoutStopSec=5s
EOF
}

setup_dev() {
    # Private /dev: a few nodes copied from the host, a new devpts instance, and /dev/console
    # on our own pty, so that systemd's console output never reaches the host console.
    local tmp=/run/.sdns-dev n console=/proc/self/fd/7
    # Reopen our pty by path: a file opened in the host's mount namespace cannot be bind-mounted here.
    if [[ -t 0 ]]; then exec 8<>"$(readlink /proc/self/fd/0)"; console=/proc/self/fd/8; fi
    mkdir -p "$tmp"
    cp -a /dev/null /dev/zero /dev/full /dev/random /dev/urandom /dev/tty "$tmp/"
    for n in $EXTRA_DEVICES; do
        [[ -c /dev/$n ]] || continue
        mkdir -p "$tmp/$(dirname "$n")"
        cp -a "/dev/$n" "$tmp/$n"
    done
    mount -t tmpfs -o mode=755,nosuid,size=4m tmpfs /dev
    cp -a "$tmp/." /dev/
    rm -rf "$tmp"
    mkdir -p /dev/pts /dev/shm /dev/mqueue
    mount -t devpts -o newinstance,ptmxmode=0666,mode=620,gid="$(getent group tty | cut -d: -f3)" devpts /dev/pts
    ln -s pts/ptmx /dev/ptmx
    mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /dev/shm
    mount -t mqueue -o nosuid,nodev,noexec mqueue /dev/mqueue
    ln -s /proc/self/fd /dev/fd
    ln -s /proc/self/fd/0 /dev/stdin
    ln -s /proc/self/fd/1 /dev/stdout
    ln -s /proc/self/fd/2 /dev/stderr
    # /dev/console: the pty that script(1) on the host reads into console.log (systemd only
    # logs to a terminal), else the log file itself (then systemd's own messages are lost).
    touch /dev/console
    mount --bind "$console" /dev/console
    exec 7>&- 8>&-
}

setup_cgroups() {
    local type mp opts dir
    mount -t tmpfs -o mode=755,nosuid,nodev,noexec tmpfs /sys/fs/cgroup
    if [[ $MODE == unified ]]; then
        # cgroup2 only. On a v1/hybrid host it carries only the controllers no v1 hierarchy holds.
        umount /sys/fs/cgroup
        mount -t cgroup2 -o nosuid,nodev,noexec cgroup2 /sys/fs/cgroup
        return
    fi
    while read -r type mp opts; do
        dir=/sys/fs/cgroup/${mp#/sys/fs/cgroup/}
        if [[ $type == cgroup2 ]]; then
            [[ $MODE == legacy ]] && continue
            mkdir -p "$dir"
            mount -t cgroup2 -o nosuid,nodev,noexec cgroup2 "$dir"
        else
            mkdir -p "$dir"
            mount -t cgroup -o "nosuid,nodev,noexec,$opts" cgroup "$dir"
        fi
    done <<< "$HIERARCHIES"
    # The host's comount symlinks (e.g. cpu -> cpu,cpuacct), if any.
    local name target
    while read -r name target; do
        [[ -n $name ]] && ln -s "$target" "/sys/fs/cgroup/$name"
    done <<< "$CGROUP_LINKS"
    # Read-only, as systemd itself leaves it: its attempt to mount the controllers the host
    # has not mounted (net_cls, perf_event, hugetlb...) then fails harmlessly.
    mount -o remount,ro,nosuid,nodev,noexec,mode=755 /sys/fs/cgroup
}

# The new mount namespace starts as a copy of the host's: every mount there, including other
# programs' container rootfs (overlay), network namespace files (nsfs) and whatever lives
# under /run (hidden below our /run anyway), would stay pinned, busy and alive until we stop.
# Detach those copies here; this affects our namespace only.
detach_foreign_mounts() {
    local mp
    awk '{ for (i = 7; $i != "-"; i++) ; fstype = $(i + 1) }
         fstype == "nsfs" || fstype == "overlay" || fstype ~ /^fuse/ ||
         $5 ~ "^/(var/)?run/" { print $5 }' /proc/self/mountinfo | sort -r |
    while read -r mp; do
        umount -l "$(printf '%b' "$mp")" 2>/dev/null || true
    done
}

inner_stage2() {
    # PID 1 of new pid/mount/uts/ipc/cgroup namespaces, propagation private (from unshare).
    # Take what is needed from the state dir first: it may be under /run, which gets hidden.
    HIERARCHIES=$(cat "$STATE/hierarchies")
    CGROUP_LINKS=$(find "$STATE/host-cgroup-links" -maxdepth 1 -type l -printf '%f %l\n')
    exec 7>>"$STATE/console.log"
    detach_foreign_mounts
    mount -t tmpfs -o mode=755,nosuid,nodev tmpfs /run
    mkdir -p /run/lock /run/.sdns-empty
    chmod 1777 /run/lock

    # /proc/sys read-only, as in systemd-nspawn: systemd would otherwise bump host-wide
    # sysctls. /proc/sys/net stays writable (per network namespace: CNI plugins set pod
    # sysctls through it), except net.unix, which systemd would raise in the host's netns.
    mount --bind /proc/sys /proc/sys
    mount -o remount,bind,ro /proc/sys
    mount --bind /proc/sys/net /proc/sys/net
    mount -o remount,bind,rw /proc/sys/net
    mount --bind /proc/sys/net/unix /proc/sys/net/unix
    mount -o remount,bind,ro /proc/sys/net/unix
    if [[ -e /proc/sysrq-trigger ]]; then
        mount --bind /proc/sysrq-trigger /proc/sysrq-trigger
        mount -o remount,bind,ro /proc/sysrq-trigger
    fi

    # /sys read-only (a non-recursive bind drops the host's cgroup mounts below it).
    mount --bind /sys /sys
    mount -o remount,bind,ro,nosuid,nodev,noexec /sys
    setup_cgroups

    setup_dev

    # Private /etc/systemd: the unit set, system.conf, and a place for anything systemd writes.
    mount -t tmpfs -o mode=755,nosuid,nodev tmpfs /etc/systemd
    write_units

    # A valid machine-id keeps systemd out of "first boot" (which would apply presets).
    if ! grep -qE '^[0-9a-f]{32}$' /etc/machine-id 2>/dev/null; then
        if [[ -f /etc/machine-id ]]; then
            tr -d - < /proc/sys/kernel/random/uuid > /run/machine-id
            mount --bind /run/machine-id /etc/machine-id
        else
            log "warning: /etc/machine-id missing; systemd will treat this as first boot"
        fi
    fi

    log "exec $SYSTEMD_BIN (mode $MODE)"
    exec env -i \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        container=systemd-ns \
        SYSTEMD_UNIT_PATH=/etc/systemd/system.control:/run/systemd/system.control:/run/systemd/transient:/etc/systemd/system:/run/systemd/system \
        SYSTEMD_GENERATOR_PATH=/run/.sdns-empty \
        SYSTEMD_ENVIRONMENT_GENERATOR_PATH=/run/.sdns-empty \
        setpriv --bounding-set -sys_module -- \
        "$SYSTEMD_BIN" --system --log-target=console --log-level=info --log-time=yes --show-status=no
}

case $1 in
    stage1) inner_stage1 ;;
    stage2) inner_stage2 ;;
esac
""";
}
