using CriEngine.TestSupport.Containers;
using CriEngine.TestSupport.Monitors;

namespace CriEngine.Crimon.Tests.Containers;

/// <summary>Real busybox containers on runc under the published crimon, created as the engine creates them.</summary>
public abstract class CrimonTestBase() : ContainerTestBase("runc", "crimon")
{
    public const string RuncPath = "/usr/sbin/runc";

    public static string CrimonPath => TestMonitors.Crimon;
}
