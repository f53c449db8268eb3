/**
 * A machine snapshot as JSON: `oom-lens ps --json` prints it and the editor's processes view
 * (oomLens/machine/processes) receives it, so both show the same fields.
 */
import { eventsText, explainProcess, headroomText, type MachineSnapshot, type RankedProcess } from './rank';

export function snapshotJson(snap: MachineSnapshot, shown: RankedProcess[]): Record<string, unknown> {
  return {
    root: snap.root,
    kernel: snap.kernel ?? null,
    memTotalKiB: snap.meminfo.memTotalKiB ?? null,
    swapTotalKiB: snap.meminfo.swapTotalKiB ?? null,
    memAvailableKiB: snap.meminfo.memAvailableKiB ?? null,
    totalPages: snap.totalPages ?? null,
    pressure: snap.psi ?? null,
    processes: shown.map(p => ({
      rank: p.rank, pid: p.pid, name: p.name,
      oomScore: p.oomScore ?? null, oomScoreAdj: p.oomScoreAdj ?? null,
      computedScore: p.computedScore ?? null, points: p.points ?? null,
      rssKiB: p.rssKiB ?? null, swapKiB: p.swapKiB ?? null, pageTablesKiB: p.pageTablesKiB ?? null,
      uid: p.uid ?? null, exempt: p.exempt ?? null,
      unit: p.owner?.kind === 'unit' ? p.owner.label : null,
      container: p.owner?.kind === 'container' ? p.owner.label : null,
      cgroup: p.cgroup.unified && p.cgroup.unified !== '/' ? p.cgroup.unified : p.cgroup.memoryV1 ?? p.cgroup.unified ?? null,
      limitedBy: p.limitedBy !== undefined ? snap.cgroups[p.limitedBy].path : null,
      absent: p.absent,
      explanation: explainProcess(p, snap),
    })),
    cgroups: snap.cgroups.map(c => ({
      path: c.path, version: c.version, owner: c.owner ?? null,
      currentBytes: c.currentBytes ?? null, maxBytes: c.maxBytes ?? null, highBytes: c.highBytes ?? null,
      swapMaxBytes: c.swapMaxBytes ?? null, events: c.events, pressure: c.psi ?? null,
      processes: c.top.length, top: c.top.slice(0, 5), absent: c.absent,
      headroom: headroomText(c), eventsSummary: eventsText(c),
    })),
    vanished: snap.vanished,
    notes: snap.notes,
  };
}
