using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ComputeMarket.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CatalogFilterIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Offers_Status_GpuModel_MaxPricePerMillion",
                table: "Offers");

            migrationBuilder.DropIndex(
                name: "IX_Offers_Status_Region_MaxPricePerMillion",
                table: "Offers");

            migrationBuilder.CreateIndex(
                name: "IX_Offers_CatalogFilters",
                table: "Offers",
                columns: new[] { "Status", "GpuModel", "Region", "ServedModel", "AvailableUntilUtc", "MaxPricePerMillion", "ThroughputTokensPerSecond", "TotalQuotaTokens", "ReservedTokens", "InputPricePerMillion", "OutputPricePerMillion", "BlendedPricePerMillion", "ProviderReliability", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Offers_CatalogFilters",
                table: "Offers");

            migrationBuilder.CreateIndex(
                name: "IX_Offers_Status_GpuModel_MaxPricePerMillion",
                table: "Offers",
                columns: new[] { "Status", "GpuModel", "MaxPricePerMillion" });

            migrationBuilder.CreateIndex(
                name: "IX_Offers_Status_Region_MaxPricePerMillion",
                table: "Offers",
                columns: new[] { "Status", "Region", "MaxPricePerMillion" });
        }
    }
}
