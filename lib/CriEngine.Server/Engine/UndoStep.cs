namespace CriEngine.Server.Engine;

/// <summary>
/// One thing a creation made, described well enough to take it away again, even by a daemon
/// started after the one that made it died.
/// </summary>
/// <param name="Kind">What to undo: one of <see cref="UndoKinds"/>.</param>
/// <param name="Target">The path or ID the step concerns.</param>
/// <param name="PodId">For cgroup steps: the pod.</param>
/// <param name="CgroupParent">For cgroup steps: the pod's cgroup parent.</param>
/// <param name="RuntimePath">For runtime steps: the runtime binary.</param>
/// <param name="RuntimeRoot">For runtime steps: the runtime's state root.</param>
/// <param name="CgroupManager">For cgroup steps: the pod's cgroup manager, when its record may not exist (a pod's own creation); else the record says.</param>
public sealed record UndoStep(string Kind, string Target, string? PodId = null, string? CgroupParent = null, string? RuntimePath = null, string? RuntimeRoot = null, string? CgroupManager = null);
