namespace CriEngine.DBus.Tests;

public sealed class AddressTests
{
    [Test]
    public void Unix_path_address_is_parsed_with_escapes_undone()
    {
        var address = DBusAddress.Parse("unix:path=/run/dbus/system%20bus,guid=0123456789abcdef");
        Assert.That(address.Path, Is.EqualTo("/run/dbus/system bus"));
        Assert.That(address.ToString(), Is.EqualTo("unix:path=/run/dbus/system%20bus"));
    }

    [Test]
    public void Abstract_address_is_parsed()
    {
        Assert.That(DBusAddress.Parse("unix:abstract=/tmp/dbus-x").AbstractName, Is.EqualTo("/tmp/dbus-x"));
    }

    [TestCase("/run/dbus/system_bus_socket", "has no transport")]
    [TestCase("tcp:host=127.0.0.1,port=1", "not supported")]
    [TestCase("unix:guid=1", "exactly one of path= and abstract=")]
    [TestCase("unix:path=/a,abstract=b", "exactly one of path= and abstract=")]
    [TestCase("unix:path=/a%2", "bad %-escape")]
    [TestCase("unix:path", "not key=value")]
    public void Unusable_address_is_refused_with_the_reason(string text, string reason)
    {
        Assert.That(() => DBusAddress.Parse(text), Throws.TypeOf<FormatException>().With.Message.Contains(reason));
    }

    [Test]
    public void Address_list_keeps_its_order()
    {
        var addresses = DBusAddress.ParseList("unix:path=/a;unix:path=/b");
        Assert.That(addresses.Select(a => a.Path), Is.EqualTo(new[] { "/a", "/b" }));
    }

    [Test]
    public void System_bus_comes_from_the_environment_then_systemds_private_socket_for_root()
    {
        var saved = Environment.GetEnvironmentVariable(DBusEndpoint.SystemBusVariable);
        try
        {
            Environment.SetEnvironmentVariable(DBusEndpoint.SystemBusVariable, "unix:path=/tmp/elsewhere");
            var endpoints = DBusEndpoint.SystemBus();
            Assert.That(endpoints[0], Is.EqualTo(DBusEndpoint.MessageBus("unix:path=/tmp/elsewhere")));
            Environment.SetEnvironmentVariable(DBusEndpoint.SystemBusVariable, null);
            endpoints = DBusEndpoint.SystemBus();
            Assert.That(endpoints[0], Is.EqualTo(DBusEndpoint.MessageBus(DBusEndpoint.DefaultSystemBusAddress)));
            if (Environment.UserName == "root")
                Assert.That(endpoints[^1], Is.EqualTo(DBusEndpoint.Direct("/run/systemd/private")));
            else
                Assert.That(endpoints, Has.Count.EqualTo(1));
        }
        finally
        {
            Environment.SetEnvironmentVariable(DBusEndpoint.SystemBusVariable, saved);
        }
    }
}
