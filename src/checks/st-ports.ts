// docs/st-facts.md "Ports open between nodes": the TCP ports a node's own services bind.
export function stPorts(adminPort: number): number[] {
  return [adminPort, 44431, 8088, 8089, 8090, 8091, 8092, 8093, 9999, 7800, 7801, 7802, 20444, 8005, 8009];
}
