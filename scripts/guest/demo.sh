#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Demo of release notification, run by /init for `make` (guest.mode=demo):
# mount a container hierarchy with a release agent, make a container with
# notify_on_release=1, let a task enter it and exit, and show what the agent
# got. Reports plainly what this kernel is missing; never fakes output.
mnt=/mnt/containers
agent=/tmp/release-agent
out=/tmp/agent.out

missing() {
	echo "MISSING: $*"
	exit 1
}

echo "kernel: $(uname -r)"
grep -qw container /proc/filesystems ||
	missing "no 'container' filesystem in /proc/filesystems (kernel built without the series / CONFIG_CONTAINERS)"

cat > $agent <<'AGENT'
#!/bin/sh
# The release agent: record the arguments and the exact environment it got.
{
	echo "argv: $0 $*"
	echo "env:"
	tr '\0' '\n' < /proc/$$/environ | sed 's/^/  /'
	echo "--"
} >> /tmp/agent.out
AGENT
chmod 0755 $agent

mkdir -p $mnt
echo "+ mount -t container -o release_agent=$agent demo $mnt"
mount -t container -o release_agent=$agent demo $mnt || missing "mounting the container filesystem failed"
echo "+ grep container /proc/mounts"
grep container /proc/mounts
[ -f $mnt/release_agent ] || missing "no release_agent file in the top container"
echo "+ cat $mnt/release_agent"
cat $mnt/release_agent
echo "+ ls $mnt"
ls $mnt

echo "+ mkdir $mnt/demo; echo 1 > $mnt/demo/notify_on_release"
mkdir $mnt/demo || missing "mkdir of a container failed"
[ -f $mnt/demo/notify_on_release ] || missing "no notify_on_release file in a new container"
echo 1 > $mnt/demo/notify_on_release
echo "+ a shell enters the container and exits"
sh -c "echo \$\$ > $mnt/demo/tasks && echo \"  task \$\$ in $mnt/demo: tasks = \$(tr '\\n' ' ' < $mnt/demo/tasks)\"" ||
	missing "moving a task into the container failed"
[ -f /proc/self/container ] && { echo "+ cat /proc/self/container"; cat /proc/self/container; }
[ -f /proc/containers ] && { echo "+ cat /proc/containers"; cat /proc/containers; }

echo "+ waiting (at most 10 s) for the release agent"
i=0
while [ ! -s $out ] && [ $i -lt 50 ]; do
	sleep 0.2
	i=$((i + 1))
done
rc=0
if [ -s $out ]; then
	echo "the release agent received:"
	sed 's/^/  /' $out
	grep -q "^argv: $agent /demo\$" $out || { echo "UNEXPECTED: agent argv is not '$agent /demo'"; rc=1; }
else
	echo "MISSING: the release agent did not run within 10 s"
	rc=1
fi
[ -f $mnt/demo/releasable ] && echo "releasable of /demo: $(cat $mnt/demo/releasable)"
rmdir $mnt/demo
umount $mnt
exit $rc
