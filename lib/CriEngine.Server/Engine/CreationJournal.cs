using System.Text.Json;
using CriEngine.Platform;
using Microsoft.Extensions.Logging;

namespace CriEngine.Server.Engine;

/// <summary>
/// The record of a pod or container creation in progress: every step is written down before it
/// is taken, so that a creation that fails, or a daemon killed in its middle, can be undone
/// step by step, in reverse, leaving nothing behind. A finished creation deletes its journal.
/// </summary>
public sealed class CreationJournal
{
    private readonly string _path;
    private readonly UndoActions _undo;
    private readonly List<UndoStep> _steps;
    private readonly Action<string>? _stage;

    private CreationJournal(string path, UndoActions undo, List<UndoStep> steps, Action<string>? stage)
    {
        _path = path;
        _undo = undo;
        _steps = steps;
        _stage = stage;
    }

    /// <param name="stage">Told each step as it is recorded: the stage a creation is at.</param>
    public static CreationJournal Begin(string directory, string id, UndoActions undo, Action<string>? stage = null) =>
        new(Path.Combine(directory, id + ".json"), undo, [], stage);

    /// <summary>Writes the step down; the caller then takes it.</summary>
    public async Task RecordAsync(UndoStep step)
    {
        _stage?.Invoke(step.Kind);
        _steps.Add(step);
        await AtomicFile.WriteAsync(_path, JsonSerializer.SerializeToUtf8Bytes(_steps, EngineJsonContext.Default.ListUndoStep)).ConfigureAwait(false);
    }

    /// <summary>The creation is complete: what it made stays.</summary>
    public void Complete() => File.Delete(_path);

    /// <summary>Undoes every recorded step, newest first; a step that fails is logged and the others still run.</summary>
    public async Task RollBackAsync()
    {
        for (var i = _steps.Count - 1; i >= 0; i--)
            await _undo.RunAsync(_steps[i]).ConfigureAwait(false);
        File.Delete(_path);
    }

    /// <summary>
    /// Rolls back the journals a previous daemon left: creations it did not finish. A journal
    /// whose object has its record was finished (the daemon died before deleting the journal).
    /// </summary>
    public static async Task RollBackLeftoversAsync(string directory, UndoActions undo, Func<string, bool> isRecorded, ILogger logger)
    {
        // A journal write cut short leaves its temporary file; the step it added was not yet taken.
        foreach (var partial in Directory.EnumerateFiles(directory, ".*.tmp"))
            File.Delete(partial);
        foreach (var file in Directory.EnumerateFiles(directory, "*.json"))
        {
            if (isRecorded(Path.GetFileNameWithoutExtension(file)))
            {
                File.Delete(file);
                continue;
            }
            List<UndoStep> steps;
            try
            {
                steps = JsonSerializer.Deserialize(await File.ReadAllBytesAsync(file).ConfigureAwait(false), EngineJsonContext.Default.ListUndoStep) ?? [];
            }
            catch (JsonException e)
            {
                logger.LogWarning("creation journal {File} is unreadable and is removed: {Reason}", file, e.Message);
                File.Delete(file);
                continue;
            }
            logger.LogWarning("creation {Id} was interrupted; undoing its {Count} steps", Path.GetFileNameWithoutExtension(file), steps.Count);
            await new CreationJournal(file, undo, steps, null).RollBackAsync().ConfigureAwait(false);
        }
    }
}
