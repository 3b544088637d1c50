using CriEngine.TestSupport.Systemd;
using Tmds.DBus.Protocol;

namespace CriEngine.DBus.Tests.Integration;

/// <summary>One real systemd (in its own namespaces) for every integration test of this namespace.</summary>
[SetUpFixture]
public sealed class SystemdBus
{
    private static SystemdInNamespaces? _instance;

    public static SystemdInNamespaces Instance =>
        _instance ?? throw new InvalidOperationException("the systemd fixture did not start (see the one-time setup's failure)");

    public const string ManagerPath = "/org/freedesktop/systemd1";
    public const string Systemd = "org.freedesktop.systemd1";
    public const string Manager = "org.freedesktop.systemd1.Manager";

    public static DBusMethodCall ManagerCall(string member) => new(Systemd, ManagerPath, Manager, member);

    public static string ReadObjectPath(Message reply, object? state) => reply.GetBodyReader().ReadObjectPathAsString();

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        if (Environment.UserName != "root")
            Assert.Ignore("needs root: runs systemd in its own namespaces");
        _instance = await SystemdInNamespaces.StartAsync("criengine-dbus-tests");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_instance is not null)
            await _instance.DisposeAsync();
        _instance = null;
    }
}
