using FluentAssertions;
using Microsoft.Playwright;
using Xunit;
using static EtfData.IntegrationTests.Dashboard.DashboardPage;

namespace EtfData.IntegrationTests.Dashboard;

/// <summary>The helpers every dashboard page takes from common.js, in a real browser against the real host.</summary>
[Collection(DashboardGroup.Name)]
public sealed class DashboardCommonTests(DashboardHost host)
{
    [Fact]
    public async Task El_sets_read_only_DOM_properties_as_attributes()
    {
        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/lookthrough.html");
        await Assertions.Expect(page.Locator("#portfolio-rows input.symbol")).ToHaveCountAsync(2, CountWithin);

        // `list` (an input's datalist) and `form` only have getters: assigning them throws in a module.
        var built = await page.EvaluateAsync<string>("""
            async () => {
              const { el } = await import('/js/common.js');
              const input = el('input', { type: 'text', id: 'probe', list: 'etf-options', form: 'portfolio-form', value: 'SPY' });
              document.body.append(input);
              return [input.getAttribute('list'), input.list?.id, input.getAttribute('form'), input.form?.id, input.type, input.id, input.value].join('|');
            }
            """);
        built.Should().Be("etf-options|etf-options|portfolio-form|portfolio-form|text|probe|SPY");

        // The portfolio rows are built with it: each symbol input suggests from the ETF datalist.
        (await page.Locator("#portfolio-rows input.symbol").EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.list?.id ?? '')"))
            .Should().Equal("etf-options", "etf-options");
        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Every_chart_of_the_ETF_page_offers_its_numbers_in_the_same_data_table()
    {
        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/etf.html?symbol=SPY");
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "true", AttributeWithin);

        // Price, AUM, premium/discount, daily flows: one table each; holdings: the treemap's and the sector bars'.
        foreach (var (section, count) in new[] { ("#price", 1), ("#aum", 1), ("#premium", 1), ("#flows", 1), ("#holdings", 2) })
        {
            var tables = page.Locator($"{section} details.data-table");
            await Assertions.Expect(tables).ToHaveCountAsync(count, CountWithin);
            (await tables.Locator(":scope > summary").AllInnerTextsAsync()).Should().AllBe("Data table", section);
            (await tables.Locator(":scope > .table-wrap > table > caption").CountAsync()).Should().Be(count, section);
            (await tables.Locator("tbody tr").CountAsync()).Should().BeGreaterThan(0, section);
            (await tables.Locator("tbody tr > th[scope=row]").CountAsync()).Should().Be(await tables.Locator("tbody tr").CountAsync(), section);
        }

        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }
}
