using CriEngine.Server.Metrics;
using CriEngine.TestSupport;

namespace CriEngine.Server.Tests.Metrics;

public class OpenFilesTests
{
    [Test]
    public void Descriptors_of_every_process_are_counted_sockets_apart_and_a_process_gone_counts_nothing()
    {
        using var proc = new TempDirectory("criengine-proc");
        Directory.CreateDirectory(proc.Combine("41/fd"));
        Directory.CreateDirectory(proc.Combine("57/fd"));
        File.CreateSymbolicLink(proc.Combine("41/fd/0"), "/dev/null");
        File.CreateSymbolicLink(proc.Combine("41/fd/3"), "socket:[81234]");
        File.CreateSymbolicLink(proc.Combine("57/fd/0"), "pipe:[5501]");
        File.CreateSymbolicLink(proc.Combine("57/fd/1"), "socket:[81235]");
        File.CreateSymbolicLink(proc.Combine("57/fd/2"), "/var/log/app.log");

        var open = OpenFiles.Of([41, 57, 99], proc.Path);

        Assert.That(open, Is.EqualTo(new OpenFiles(Descriptors: 5, Sockets: 2)));
    }
}
