namespace CriEngine.Bench;

/// <summary>Prints figures in columns: one figure per row, the engine beside its baseline.</summary>
internal static class Report
{
    private const int LabelWidth = 52;

    public static void Header(string title, string engine, string baseline)
    {
        Console.WriteLine();
        Console.WriteLine(title);
        Row("figure", engine, baseline);
    }

    public static void Row(string figure, string engine, string baseline)
    {
        // A long label gets a line of its own, so that the value columns stay aligned.
        if (figure.Length > LabelWidth)
        {
            Console.WriteLine($"  {figure}");
            figure = "";
        }
        Console.WriteLine($"  {figure,-LabelWidth}{engine,16}{baseline,22}");
    }

    public static double P99(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * 0.99))];
    }

    public static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
