using System.IO.Enumeration;

namespace Hull.Tests.Differential;

/// <summary>
/// One intended difference from docs/compatibility.md: in the scenarios its pattern matches, runc's text becomes hull's
/// before the transcripts are compared.
/// </summary>
public sealed record IntendedDifference(string Scenarios, string Runc, string Hull, string Reason)
{
    public bool AppliesTo(Scenario scenario) =>
        Scenarios.Split(',', StringSplitOptions.TrimEntries).Any(pattern => FileSystemName.MatchesSimpleExpression(pattern, scenario.Name));
}

/// <summary>Something Hull says that runc does not, in words added to a message of runc's; removed before comparing.</summary>
public sealed record Addition(System.Text.RegularExpressions.Regex Pattern, string Reason);

/// <summary>
/// docs/compatibility.md, the one place intended differences are written down, read by the suite. Under the heading
/// "Intended differences", rows of <c>| scenarios | runc's text | hull's text | reason |</c>; under "Additions", rows of
/// <c>| regular expression | reason |</c> for text Hull adds to messages. Texts are in backticks, "\n" is a line break.
/// A difference no row explains fails the suite, and so does a row nothing needs.
/// </summary>
public static class IntendedDifferences
{
    public static string File => Path.Combine(Repository.Root, "docs", "compatibility.md");

    public static IReadOnlyList<IntendedDifference> All { get; } = Rows("## Intended differences", 4)
        .Select(cells => new IntendedDifference(Code(cells[0]), Code(cells[1]), Code(cells[2]), cells[3])).ToList();

    public static IReadOnlyList<Addition> Additions { get; } = Rows("## Additions", 2)
        .Select(cells => new Addition(new System.Text.RegularExpressions.Regex(Code(cells[0])), cells[1])).ToList();

    private static IEnumerable<string[]> Rows(string heading, int width)
    {
        bool inTable = false;
        foreach (string line in System.IO.File.ReadAllLines(File))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
                inTable = line == heading;
            if (!inTable || !line.StartsWith("| `", StringComparison.Ordinal))
                continue;
            string[] cells = Cells(line);
            if (cells.Length != width)
                throw new FormatException($"{File}: a row under {heading} needs {width} cells: {line}");
            yield return cells;
        }
    }

    /// <summary>A row's cells, split at '|' that is not escaped as "\|".</summary>
    private static string[] Cells(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        for (int i = 1; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] == '|')
            {
                cell.Append('|');
                i++;
            }
            else if (line[i] == '|')
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
            }
            else
            {
                cell.Append(line[i]);
            }
        }
        return [.. cells];
    }

    /// <summary>The text of a cell written as one code span; "\n" is a line break and "\\" a backslash.</summary>
    private static string Code(string cell)
    {
        if (cell.Length < 2 || cell[0] != '`' || cell[^1] != '`')
            throw new FormatException($"{File}: expected `text`, got {cell}");
        var text = new System.Text.StringBuilder();
        for (int i = 1; i < cell.Length - 1; i++)
        {
            bool escape = cell[i] == '\\' && i + 1 < cell.Length - 1 && cell[i + 1] is 'n' or '\\';
            text.Append(escape ? (cell[++i] == 'n' ? '\n' : '\\') : cell[i]);
        }
        return text.ToString();
    }
}
