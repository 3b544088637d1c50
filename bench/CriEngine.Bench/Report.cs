namespace CriEngine.Bench;

/// <summary>Prints figures in columns: one figure per row, the engine beside its baseline.</summary>
internal static class Report
{
    public static void Header(string title, string engine, string baseline)
    {
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine($"  {"figure",-46}{engine,16}{baseline,22}");
    }

    public static void Row(string figure, string engine, string baseline) =>
        Console.WriteLine($"  {figure,-46}{engine,16}{baseline,22}");

    public static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
