using System.Text;

namespace CriEngine.Crimon.Monitor;

/// <summary>
/// A message on the sync pipe, byte for byte as conmon writes it: <c>{"pid": N}\n</c> for a
/// created container, <c>{"exit_code": N}\n</c> for an exec, <c>{"data": N}\n</c> under API
/// version 1, with <c>, "message": "…"</c> when there is something to say (escaped as conmon does).
/// </summary>
internal static class SyncMessage
{
    public static string Format(string key, int value, string? message)
    {
        if (string.IsNullOrEmpty(message))
            return $"{{\"{key}\": {value}}}\n";
        return $"{{\"{key}\": {value}, \"message\": \"{Escape(message)}\"}}\n";
    }

    /// <summary>The key conmon uses for the number: data (API 1), exit_code (exec), else pid.</summary>
    public static string Key(int apiVersion, bool exec) => apiVersion >= 1 ? "data" : exec ? "exit_code" : "pid";

    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\' or '"':
                    escaped.Append('\\').Append(c);
                    break;
                case '/':
                    escaped.Append("\\/");
                    break;
                case '\n':
                    escaped.Append("\\n");
                    break;
                case '\r':
                    escaped.Append("\\r");
                    break;
                case '\t':
                    escaped.Append("\\t");
                    break;
                case '\b':
                    escaped.Append("\\b");
                    break;
                case '\f':
                    escaped.Append("\\f");
                    break;
                case < ' ' or '\x7f':
                    escaped.Append("\\u00").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }
        return escaped.ToString();
    }
}
