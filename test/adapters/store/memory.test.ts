import { createMemoryStore } from "../../../src/adapters/store/memory.js";
import { describeStoreContract } from "./contract.js";

describeStoreContract("memory", createMemoryStore);
