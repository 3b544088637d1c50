using System.Diagnostics;
using CriEngine.Crimon.Tests.Containers;

namespace CriEngine.Crimon.Tests.Unit;

/// <summary>The published binary's answers to command lines it refuses, beside Debian's conmon's.</summary>
public sealed class CommandLineTests
{
    private const string Conmon = "/usr/bin/conmon";

    [TestCase("--no-such-option")]
    [TestCase("-Z")]
    [TestCase("-T", "abc")]
    public async Task Refused_option_is_answered_as_conmon_answers_it(params string[] arguments)
    {
        var crimon = await RunAsync(CrimonTestBase.CrimonPath, arguments);
        var conmon = await RunAsync(Conmon, arguments);

        Assert.That(crimon.ExitCode, Is.EqualTo(1));
        Assert.That(crimon, Is.EqualTo(conmon with { Stdout = conmon.Stdout.Replace("conmon:", "crimon:") }));
    }

    [Test]
    public async Task Missing_container_id_is_refused_as_conmon_refuses_it()
    {
        var crimon = await RunAsync(CrimonTestBase.CrimonPath);

        Assert.That(crimon, Is.EqualTo(new Result(1, "", "crimon: Container ID not provided. Use --cid\n")));
    }

    [Test]
    public async Task Missing_runtime_is_refused_with_conmons_words()
    {
        var crimon = await RunAsync(CrimonTestBase.CrimonPath, "-c", "x", "-u", "x");

        Assert.That(crimon, Is.EqualTo(new Result(1, "", "[crimon:e] Runtime path not provided. Use --runtime\n")));
    }

    [Test]
    public async Task Version_names_the_conmon_release_it_follows_where_cri_o_reads_it()
    {
        var crimon = await RunAsync(CrimonTestBase.CrimonPath, "--version");

        Assert.That(crimon.ExitCode, Is.Zero);
        Assert.That(crimon.Stdout.Split(' ', '\n')[..3], Is.EqualTo(new[] { "crimon", "version", "2.1.6" }));
    }

    private sealed record Result(int ExitCode, string Stdout, string Stderr);

    private static async Task<Result> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
