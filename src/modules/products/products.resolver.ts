import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../platform/context.js';
import { Product, ProductKind } from './product.type.js';

@Resolver(() => Product)
export class ProductsResolver {
  // Public: the catalogue is shown before anyone logs in. Nullable so that a core banking outage
  // nulls this field (with UPSTREAM_* in errors) instead of failing the whole response.
  @Query(() => [Product], {
    nullable: true,
    description: "The bank's loan and deposit products, from core banking. Public. A list, not a connection: the bank's catalogue.",
  })
  async products(
    @Ctx() ctx: RequestContext,
    @Arg('kind', () => ProductKind, { nullable: true, description: 'Only products of this kind.' })
    kind?: ProductKind | null,
  ): Promise<Product[]> {
    const products = await ctx.backends.coreBanking.listProducts(ctx.scope);
    return (kind ? products.filter((p) => p.kind === kind) : products) as Product[];
  }
}
