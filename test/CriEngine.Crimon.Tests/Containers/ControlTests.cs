using CriEngine.Grpc;
using CriEngine.Oci.Monitor;
using CriEngine.TestSupport;

namespace CriEngine.Crimon.Tests.Containers;

public sealed class ControlTests : CrimonTestBase
{
    [Test]
    public async Task Log_size_max_starts_the_file_again_when_a_line_would_pass_it()
    {
        var id = Environment.NewContainerId();
        Environment.CreateBundle(id, "sh", "-c", "i=0; while [ $i -lt 100 ]; do echo line $i; i=$((i+1)); done");
        await CreateAsync(id, request => request with { LogSizeMax = 1000 });

        await Runtime.StartAsync(id);

        Assert.That(await ExitCodeAsync(id), Is.EqualTo(0));
        var log = Environment.LogPath(id);
        Assert.That(new FileInfo(log).Length, Is.LessThanOrEqualTo(1000));
        var lines = File.ReadAllLines(log);
        Assert.That(lines, Is.Not.Empty);
        Assert.That(lines[^1], Does.EndWith(" stdout F line 99"), "the newest lines are kept");
    }

    [Test]
    public async Task Heavy_output_is_logged_whole_by_the_forked_monitor()
    {
        // Hundreds of thousands of lines make the monitor collect garbage many times after its fork.
        var (id, _) = await RunAsync("sh", "-c", "yes 0123456789012345678901234567890123456789 | head -n 400000; echo done");

        Assert.That(await ExitCodeAsync(id, TimeSpan.FromSeconds(60)), Is.EqualTo(0));
        // Reads do not end on line ends: a line may come as P parts and its F end, which join again.
        var output = new System.Text.StringBuilder();
        foreach (var line in File.ReadAllLines(Environment.LogPath(id)))
        {
            var fields = line.Split(' ', 4);
            output.Append(fields[3]);
            if (fields[2] == "F")
                output.Append('\n');
        }
        var expected = string.Concat(Enumerable.Repeat("0123456789012345678901234567890123456789\n", 400000)) + "done\n";
        Assert.That(output.ToString() == expected, Is.True, "every byte once, in order");
    }

    private static int LineCount(string path)
    {
        try
        {
            return File.ReadAllLines(path).Length;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }
}
