namespace CriEngine.Server.Pods;

/// <summary>
/// How far one creation has come: the ID it chose (kept out of lists until its caller has it)
/// and the step it is at, which is what a creation its caller gave up on is reported stalled at.
/// </summary>
public sealed class CreationProgress(Action<string> hide)
{
    public const string Preparing = "preparing";

    private volatile string _stage = Preparing;

    public string? Id { get; private set; }

    public string Stage => _stage;

    /// <summary>The creation's ID, chosen before anything is made: until the caller receives it, its object is not listed.</summary>
    public void Assign(string id)
    {
        Id = id;
        hide(id);
    }

    public void Enter(string stage) => _stage = stage;
}
