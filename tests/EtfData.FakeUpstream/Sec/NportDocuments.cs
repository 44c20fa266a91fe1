namespace EtfData.FakeUpstream.Sec;

/// <summary>Renders fake filings in SEC's formats: <c>primary_doc.xml</c> and the quarterly data set zip.</summary>
public static class NportDocuments
{
    /// <summary>The filing's <c>primary_doc.xml</c>, format-faithful to EDGAR's N-PORT XML.</summary>
    public static byte[] PrimaryDoc(FakeNportFiling filing) => throw new NotImplementedException();

    /// <summary>Writes a quarterly Form N-PORT data set zip holding <paramref name="filings"/>.</summary>
    public static void WriteDataSet(Stream zip, IEnumerable<FakeNportFiling> filings) => throw new NotImplementedException();
}
