using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ComputeMarket.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class PortableIndexFilters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Transfers_ExpiresAtUtc",
                table: "Transfers");

            migrationBuilder.DropIndex(
                name: "IX_Transfers_PendingId",
                table: "Transfers");

            migrationBuilder.DropIndex(
                name: "IX_Accounts_OwnerOrganizationId_Asset_Code",
                table: "Accounts");

            migrationBuilder.CreateIndex(
                name: "IX_Transfers_ExpiresAtUtc",
                table: "Transfers",
                column: "ExpiresAtUtc",
                filter: "\"ExpiresAtUtc\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Transfers_PendingId",
                table: "Transfers",
                column: "PendingId",
                unique: true,
                filter: "\"PendingId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_OwnerOrganizationId_Asset_Code",
                table: "Accounts",
                columns: new[] { "OwnerOrganizationId", "Asset", "Code" },
                unique: true,
                filter: "\"OwnerOrganizationId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Transfers_ExpiresAtUtc",
                table: "Transfers");

            migrationBuilder.DropIndex(
                name: "IX_Transfers_PendingId",
                table: "Transfers");

            migrationBuilder.DropIndex(
                name: "IX_Accounts_OwnerOrganizationId_Asset_Code",
                table: "Accounts");

            migrationBuilder.CreateIndex(
                name: "IX_Transfers_ExpiresAtUtc",
                table: "Transfers",
                column: "ExpiresAtUtc",
                filter: "[ExpiresAtUtc] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Transfers_PendingId",
                table: "Transfers",
                column: "PendingId",
                unique: true,
                filter: "[PendingId] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_OwnerOrganizationId_Asset_Code",
                table: "Accounts",
                columns: new[] { "OwnerOrganizationId", "Asset", "Code" },
                unique: true,
                filter: "[OwnerOrganizationId] IS NOT NULL");
        }
    }
}
