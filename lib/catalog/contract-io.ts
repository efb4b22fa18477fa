import "server-only";
/**
 * A product's contracts as one download: every output port's ODCS contract, one YAML document
 * each (`---` separated). Importing goes port by port (`lib/publishing/contract-import.ts`).
 */
import { portContractYaml } from "@/lib/contracts/port-contract";
import { AppError } from "@/lib/core/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { ClaimContext } from "./port-address";
import { canSeeProduct, type ProductViewer } from "./permissions";
import { contractPortInclude, contractSourceOf } from "./port-contracts";

/** Every port's contract of a product the viewer may see, as multi-document YAML (ports by name). */
export async function exportContract(
  prisma: PrismaClient,
  viewer: ProductViewer,
  slug: string,
): Promise<string> {
  const product = await prisma.dataProduct.findUnique({
    where: { slug },
    select: { id: true, lifecycle: true, ownerTeamId: true },
  });
  if (!product || !canSeeProduct(viewer, product)) throw AppError.notFound(`Data product "${slug}"`);
  const ports = await prisma.outputPort.findMany({
    where: { productId: product.id },
    orderBy: { name: "asc" },
    include: contractPortInclude,
  });
  return ports.map((p) => portContractYaml(contractSourceOf(p))).join("---\n");
}

/** What a port-address claim needs from outside the database (see `claimPortAddress`). */
export type AddressContext = Omit<ClaimContext, "brokerTopics"> & {
  /** The broker's topics; asked only when a non-admin claims a new Kafka address. */
  listBrokerTopics: () => Promise<string[]>;
};
