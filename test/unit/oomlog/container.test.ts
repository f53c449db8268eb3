/** Containers by name: each cgroup path shape decodes to its runtime, id, pod and QoS class (oomlog/container.ts). */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { containerText, decodeCgroupPath, SEGMENTS, type ContainerInfo } from '../../../server/src/oomlog/container';

const ID = '4f2c1a9b3e7d5c60a9e1f2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7';
const SHORT = '4f2c1a9b3e7d';
const POD = '0a1b2c3d-4e5f-6789-abcd-ef0123456789';
const POD_ = POD.replace(/-/g, '_');

const CASES: [string, ContainerInfo | undefined][] = [
  // Kubernetes, cgroupfs driver (v1 and v2)
  [`/kubepods/burstable/pod${POD}/${ID}`, { orchestrator: 'kubernetes', qos: 'Burstable', podUid: POD, id: ID, shortId: SHORT }],
  [`/kubepods/besteffort/pod${POD}/${ID}`, { orchestrator: 'kubernetes', qos: 'BestEffort', podUid: POD, id: ID, shortId: SHORT }],
  [`/kubepods/pod${POD}/${ID}`, { orchestrator: 'kubernetes', qos: 'Guaranteed', podUid: POD, id: ID, shortId: SHORT }],
  [`/kubepods/burstable/pod${POD}`, { orchestrator: 'kubernetes', qos: 'Burstable', podUid: POD }],
  // Kubernetes, systemd driver: escaped pod UID, runtime from the scope name
  [`/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${POD_}.slice/cri-containerd-${ID}.scope`,
    { orchestrator: 'kubernetes', qos: 'Burstable', podUid: POD, runtime: 'containerd', id: ID, shortId: SHORT }],
  [`/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${POD_}.slice/crio-${ID}.scope`,
    { orchestrator: 'kubernetes', qos: 'BestEffort', podUid: POD, runtime: 'cri-o', id: ID, shortId: SHORT }],
  [`/kubepods.slice/kubepods-pod${POD_}.slice/docker-${ID}.scope`,
    { orchestrator: 'kubernetes', qos: 'Guaranteed', podUid: POD, runtime: 'docker', id: ID, shortId: SHORT }],
  [`/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${POD_}.slice/crio-conmon-${ID}.scope`,
    { orchestrator: 'kubernetes', qos: 'Burstable', podUid: POD, runtime: 'cri-o', id: ID, shortId: SHORT, helper: true }],
  // containerd with the systemd driver on cgroup v1: pod:runtime:id under containerd.service
  [`/system.slice/containerd.service/kubepods-burstable-pod${POD_}.slice:cri-containerd:${ID}`,
    { orchestrator: 'kubernetes', qos: 'Burstable', podUid: POD, runtime: 'containerd', id: ID, shortId: SHORT }],
  // plain runtimes
  [`/system.slice/docker-${ID}.scope`, { runtime: 'docker', id: ID, shortId: SHORT }],
  [`/docker/${ID}`, { runtime: 'docker', id: ID, shortId: SHORT }],
  [`/machine.slice/libpod-${ID}.scope`, { runtime: 'podman', id: ID, shortId: SHORT }],
  [`/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${ID}.scope/container`, { runtime: 'podman', id: ID, shortId: SHORT }],
  ['/lxc/web01', { runtime: 'lxc', name: 'web01' }],
  ['/lxc.payload.web01', { runtime: 'lxc', name: 'web01' }],
  // machine.slice: libvirt VMs (escaped dashes) and nspawn machines
  ['/machine.slice/machine-qemu\\x2d3\\x2dwin\\x2dbuild.scope', { runtime: 'libvirt', name: 'win-build' }],
  ['/machine.slice/machine-qemu\\x2d1\\x2ddb01.scope/libvirt/emulator', { runtime: 'libvirt', name: 'db01' }],
  ['/machine.slice/machine-fedora40.scope', { runtime: 'systemd-nspawn', name: 'fedora40' }],
  // nested: Kubernetes inside an LXC container (gpud-70 in test/fixtures/field), Docker in Docker
  [`/lxc.payload.ny2g2r5hh3-lxc/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${POD_}.slice/cri-containerd-${ID}.scope`,
    { orchestrator: 'kubernetes', qos: 'Burstable', podUid: POD, runtime: 'containerd', id: ID, shortId: SHORT, within: { runtime: 'lxc', name: 'ny2g2r5hh3-lxc' } }],
  [`/docker/${ID}/docker/0123456789ab`, { runtime: 'docker', id: '0123456789ab', shortId: '0123456789ab', within: { runtime: 'docker', id: ID, shortId: SHORT } }],
  // nothing to decode
  ['/system.slice/postgresql.service', undefined],
  ['/', undefined],
  ['', undefined],
  ['/docker', undefined],
  ['/lxc', undefined],
];

for (const [path, want] of CASES) {
  test(`decodeCgroupPath ${path || '(empty)'}`, () => {
    assert.deepEqual(decodeCgroupPath(path), want);
  });
}

test('every segment shape is exercised by a case', () => {
  const used = new Set<string>();
  for (const [path] of CASES) {
    for (const part of path.split('/')) for (const s of SEGMENTS) if (s.re.test(part)) { used.add(s.name); break; }
  }
  for (const s of SEGMENTS) assert.ok(used.has(s.name), s.name);
});

test('containerText says it in words', () => {
  assert.equal(containerText(decodeCgroupPath(`/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${POD_}.slice/cri-containerd-${ID}.scope`)!),
    `containerd container ${SHORT}, Kubernetes pod ${POD}, QoS Burstable`);
  assert.equal(containerText(decodeCgroupPath('/machine.slice/machine-qemu\\x2d3\\x2dwin\\x2dbuild.scope')!), 'libvirt VM win-build');
  assert.equal(containerText(decodeCgroupPath(`/kubepods.slice/kubepods-pod${POD_}.slice/crio-conmon-${ID}.scope`)!),
    `cri-o container ${SHORT} (its runtime helper, not the container itself), Kubernetes pod ${POD}, QoS Guaranteed`);
});

test('a container inside an LXC container is named with its own runtime, and the LXC container as such', () => {
  assert.equal(containerText(decodeCgroupPath(`/lxc.payload.ny2g2r5hh3-lxc/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${POD_}.slice/cri-containerd-${ID}.scope`)!),
    `containerd container ${SHORT}, Kubernetes pod ${POD}, QoS Burstable, inside lxc container ny2g2r5hh3-lxc`);
  assert.equal(containerText(decodeCgroupPath(`/lxc.payload.ny2g2r5hh3-lxc/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${POD_}.slice`)!),
    `Kubernetes pod ${POD}, QoS Burstable, inside lxc container ny2g2r5hh3-lxc`);
});

test('a path of 100,000 characters is not decoded (and does not hang)', () => {
  assert.equal(decodeCgroupPath('/docker/' + 'a'.repeat(100_000)), undefined);
});
