using System.Text;

namespace CriEngine.DBus;

/// <summary>
/// Which signals a subscription wants. On a message bus it becomes an AddMatch rule
/// (<c>type='signal',sender='…',…</c>); on every connection it also filters locally what the
/// connection receives, because several subscriptions share one connection.
/// </summary>
public sealed record DBusMatchRule
{
    /// <summary>
    /// The emitter's bus name. The bus resolves a well-known name for its filtering, but signals
    /// carry the unique name, so locally only a unique name (<c>:1.42</c>) or the bus's own name is compared.
    /// </summary>
    public string? Sender { get; init; }

    public string? Interface { get; init; }

    public string? Member { get; init; }

    public DBusObjectPath? Path { get; init; }

    /// <summary>The signal's first argument, when it is a string.</summary>
    public string? Arg0 { get; init; }

    public bool Matches(DBusMessage message) =>
        message.Type == DBusMessageType.Signal
        && (Sender is null || !IsComparableSender(Sender) || Sender == message.Sender)
        && (Interface is null || Interface == message.Interface)
        && (Member is null || Member == message.Member)
        && (Path is null || Path == message.Path)
        && (Arg0 is null || (message.Arguments.Count > 0 && message.Arguments[0] is string first && first == Arg0));

    /// <summary>The rule in the bus's syntax, values quoted and any quote in them escaped.</summary>
    public override string ToString()
    {
        var rule = new StringBuilder("type='signal'");
        Append(rule, "sender", Sender);
        Append(rule, "interface", Interface);
        Append(rule, "member", Member);
        Append(rule, "path", Path?.Value);
        Append(rule, "arg0", Arg0);
        return rule.ToString();
    }

    private static bool IsComparableSender(string sender) => sender.StartsWith(':') || sender == "org.freedesktop.DBus";

    private static void Append(StringBuilder rule, string key, string? value)
    {
        if (value is not null)
            rule.Append(',').Append(key).Append("='").Append(value.Replace("'", @"'\''")).Append('\'');
    }
}
