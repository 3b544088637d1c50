using CriEngine.Oci.Hooks;
using CriEngine.TestSupport;

namespace CriEngine.Oci.Tests.Hooks;

public sealed class HookCatalogTests
{
    private TempDirectory _directory = null!;
    private string _first = null!;
    private string _second = null!;
    private RecordingLogger _log = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = new TempDirectory("hooks");
        _first = _directory.Combine("first");
        _second = _directory.Combine("second");
        Directory.CreateDirectory(_first);
        Directory.CreateDirectory(_second);
        _log = new RecordingLogger();
    }

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public void A_later_directory_replaces_a_same_named_file_and_hooks_come_in_file_name_order()
    {
        Write(_first, "b.json", "/bin/true", "prestart", """{"always": true}""");
        Write(_first, "a.json", "/bin/false", "prestart", """{"always": true}""");
        Write(_second, "b.json", "/bin/sh", "poststop", """{"always": true}""");

        var rules = Load();

        Assert.That(rules.Select(rule => (rule.Name, rule.Hook.Path, rule.Stages[0])),
            Is.EqualTo(new[] { ("a.json", "/bin/false", "prestart"), ("b.json", "/bin/sh", "poststop") }));
    }

    [TestCase("""{"version": "1.0.0", "hook": {"path": """, "")]
    [TestCase("""{"version": "0.1.0", "hook": {"path": "/bin/true"}, "when": {"always": true}, "stages": ["prestart"]}""", "version \"0.1.0\" is not 1.0.0")]
    [TestCase("""{"version": "1.0.0", "hook": {"path": "/no/such/hook"}, "when": {"always": true}, "stages": ["prestart"]}""", "hook.path /no/such/hook does not exist")]
    [TestCase("""{"version": "1.0.0", "hook": {"path": "/bin/true"}, "when": {"always": true}, "stages": ["later"]}""", "unknown stage \"later\"")]
    [TestCase("""{"version": "1.0.0", "hook": {"path": "/bin/true"}, "when": {"always": true}}""", "missing required property: stages")]
    [TestCase("""{"version": "1.0.0", "hook": {"path": "/bin/true"}, "when": {"commands": ["("]}, "stages": ["prestart"]}""", "command pattern \"(\"")]
    public void An_invalid_file_is_logged_and_skipped_and_the_others_still_load(string text, string reason)
    {
        File.WriteAllText(Path.Combine(_first, "bad.json"), text);
        Write(_first, "good.json", "/bin/true", "prestart", """{"always": true}""");
        File.WriteAllText(Path.Combine(_first, "notes.txt"), "not a hook");

        var rules = Load();

        Assert.That(rules.Select(rule => rule.Name), Is.EqualTo(new[] { "good.json" }));
        Assert.That(_log.Lines, Has.One.Contains($"hooks: {Path.Combine(_first, "bad.json")} skipped: {reason}"));
    }

    [Test]
    public void An_edited_file_is_read_again()
    {
        var catalog = new HookCatalog(_log);
        Write(_first, "a.json", "/bin/true", "prestart", """{"always": true}""");
        Assert.That(catalog.Load([_first])[0].Stages, Is.EqualTo(new[] { "prestart" }));

        Write(_first, "a.json", "/bin/true", "createRuntime\", \"poststop", """{"always": true}""");
        File.SetLastWriteTimeUtc(Path.Combine(_first, "a.json"), DateTime.UtcNow.AddMinutes(1));

        Assert.That(catalog.Load([_first])[0].Stages, Is.EqualTo(new[] { "createRuntime", "poststop" }));
    }

    [TestCase("""{"always": true}""", "/bin/app", false, true)]
    [TestCase("""{"always": false}""", "/bin/app", false, false)]
    [TestCase("""{}""", "/bin/app", false, false)]
    [TestCase("""{"hasBindMounts": true}""", "/bin/app", true, true)]
    [TestCase("""{"hasBindMounts": true}""", "/bin/app", false, false)]
    [TestCase("""{"annotations": {"gpu$": "^y"}}""", "/bin/app", false, true)]
    [TestCase("""{"annotations": {"gpu$": "^n"}}""", "/bin/app", false, false)]
    [TestCase("""{"annotations": {"gpu$": "^y", "^other$": "."}}""", "/bin/app", false, false)]
    [TestCase("""{"commands": ["app$"]}""", "/bin/app", false, true)]
    [TestCase("""{"commands": ["^/usr"]}""", "/bin/app", false, false)]
    [TestCase("""{"always": true, "commands": ["^/usr"]}""", "/bin/app", false, false)]
    public void A_hook_applies_when_its_conditions_hold(string when, string command, bool hasBindMounts, bool applies)
    {
        Write(_first, "a.json", "/bin/true", "prestart", when);

        var rule = Load().Single();

        Assert.That(rule.Matches(new Dictionary<string, string> { ["example.com/gpu"] = "yes" }, command, hasBindMounts), Is.EqualTo(applies));
    }

    private IReadOnlyList<HookRule> Load() => new HookCatalog(_log).Load([_first, _second]);

    private static void Write(string directory, string name, string path, string stage, string when) =>
        File.WriteAllText(Path.Combine(directory, name), $$"""
            {"version": "1.0.0", "hook": {"path": "{{path}}"}, "when": {{when}}, "stages": ["{{stage}}"]}
            """);
}
