using CriEngine.Crimon.Logging;

namespace CriEngine.Crimon.Tests.Unit;

public sealed class LogDriversTests
{
    [TestCase("k8s-file:/var/log/c.log", "/var/log/c.log")]
    [TestCase("/var/log/c.log", "/var/log/c.log")]
    [TestCase(":/var/log/c.log", "/var/log/c.log")]
    public void K8s_file_path_is_taken_with_or_without_its_driver(string value, string path) =>
        Assert.That(LogDrivers.Parse([value]).K8sFilePath, Is.EqualTo(path));

    [TestCase("none")]
    [TestCase("off")]
    [TestCase("null")]
    public void Null_drivers_log_nothing(string value) =>
        Assert.That(LogDrivers.Parse([value]), Is.EqualTo(new LogDrivers(null, false, false)));

    [Test]
    public void Passthrough_and_journald_are_recognised() =>
        Assert.That(LogDrivers.Parse(["passthrough", "journald:x", "k8s-file:/l"]), Is.EqualTo(new LogDrivers("/l", true, true)));

    [TestCase("syslog:/x", "No such log driver syslog")]
    [TestCase("k8s-file", "k8s-file requires a filename")]
    [TestCase(":", "log-path must not be empty")]
    public void Refused_driver_says_why(string value, string message) =>
        Assert.That(() => LogDrivers.Parse([value]), Throws.InvalidOperationException.With.Message.EqualTo(message));

    [Test]
    public void No_driver_is_refused() =>
        Assert.That(() => LogDrivers.Parse([]), Throws.InvalidOperationException.With.Message.EqualTo("Log driver not provided. Use --log-path"));
}
