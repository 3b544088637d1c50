using System.Text.Json;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Pods;

namespace CriEngine.Integration.Tests;

/// <summary>crio.runtime.hooks_dir on the real daemon with runc: hook files (oci-hooks(5)) whose conditions a container meets run at their stage.</summary>
[Category("Integration")]
public sealed class OciHookTests
{
    private PodTestBed _bed = null!;
    private string _hooks = null!;
    private string _overrides = null!;
    private string _markers = null!;
    private string _script = null!;

    [SetUp]
    public async Task SetUp()
    {
        _bed = await PodTestBed.StartAsync();
        _hooks = _bed.Directory.Combine("hooks.d");
        _overrides = _bed.Directory.Combine("hooks-override.d");
        _markers = _bed.Directory.Combine("markers");
        Directory.CreateDirectory(_hooks);
        Directory.CreateDirectory(_overrides);
        Directory.CreateDirectory(_markers);
        // The runtime gives a hook the container's state on stdin (runtime-spec runtime.md "Hooks").
        _script = _bed.Directory.Write("hook.sh", "#!/bin/sh\ncat > \"$1\"\n");
        File.SetUnixFileMode(_script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await File.WriteAllTextAsync(_bed.Layout.DropIn("20-hooks.conf"), $"""
            [crio.runtime]
            hooks_dir = ["{_hooks}", "{_overrides}"]
            """);
        await _bed.Daemon.ReloadAsync();
    }

    [TearDown]
    public async Task TearDown() => await _bed.DisposeAsync();

    [Test]
    public async Task Matching_hooks_run_with_the_container_state_and_others_do_not()
    {
        WriteHook(_hooks, "10-always.json", "createRuntime", "always-marker", """{"always": true}""");
        WriteHook(_hooks, "20-annotated.json", "prestart", "annotation-marker", """{"annotations": {"^example\\.com/gpu$": "^yes$"}}""");
        WriteHook(_hooks, "30-other-command.json", "prestart", "command-marker", """{"commands": ["^/no/such/program$"]}""");
        // Replaced by the same-named file of the later directory, which asks for another annotation value.
        WriteHook(_hooks, "40-overridden.json", "prestart", "overridden-marker", """{"always": true}""");
        WriteHook(_overrides, "40-overridden.json", "prestart", "overridden-marker", """{"annotations": {"^example\\.com/gpu$": "^no$"}}""");
        File.WriteAllText(Path.Combine(_hooks, "50-invalid.json"), """{"version": "1.0.0", "hook": {"path": """);
        var (pod, podConfig) = await _bed.RunPodWithBusyboxAsync("hooked");
        var config = _bed.ContainerConfig("app", "sleep", "3600");
        config.Annotations["example.com/gpu"] = "yes";

        var id = await _bed.RunContainerAsync(pod, podConfig, config);

        Assert.That(StateId("always-marker"), Is.EqualTo(id));
        Assert.That(StateId("annotation-marker"), Is.EqualTo(id));
        Assert.That(File.Exists(Path.Combine(_markers, "command-marker")), Is.False, "a hook whose commands do not match ran");
        Assert.That(File.Exists(Path.Combine(_markers, "overridden-marker")), Is.False, "a hook replaced by a later directory's file ran");
        Assert.That(await _bed.Daemon.WaitForOutputAsync("50-invalid.json skipped", TimeSpan.FromSeconds(5)), Is.True,
            string.Join("\n", _bed.Daemon.Output.TakeLast(30)));
    }

    private void WriteHook(string directory, string name, string stage, string marker, string when) =>
        File.WriteAllText(Path.Combine(directory, name), $$"""
            {"version": "1.0.0",
             "hook": {"path": "{{_script}}", "args": ["hook.sh", "{{Path.Combine(_markers, marker)}}"], "timeout": 10},
             "when": {{when}},
             "stages": ["{{stage}}"]}
            """);

    private string? StateId(string marker)
    {
        using var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(_markers, marker)));
        return state.RootElement.GetProperty("id").GetString();
    }
}
