using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ComputeMarket.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CatalogSortIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Offers_Status_MaxPricePerMillion",
                table: "Offers");

            migrationBuilder.CreateIndex(
                name: "IX_Offers_Status_MaxPricePerMillion_ThroughputTokensPerSecond_Id",
                table: "Offers",
                columns: new[] { "Status", "MaxPricePerMillion", "ThroughputTokensPerSecond", "Id" },
                descending: new[] { false, false, true, false });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Offers_Status_MaxPricePerMillion_ThroughputTokensPerSecond_Id",
                table: "Offers");

            migrationBuilder.CreateIndex(
                name: "IX_Offers_Status_MaxPricePerMillion",
                table: "Offers",
                columns: new[] { "Status", "MaxPricePerMillion" });
        }
    }
}
