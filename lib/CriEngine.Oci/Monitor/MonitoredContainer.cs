namespace CriEngine.Oci.Monitor;

/// <summary>A container the runtime created under a monitor: its init process (waiting for start) and the monitor that supervises it.</summary>
public sealed record MonitoredContainer(int ContainerPid, int MonitorPid);
