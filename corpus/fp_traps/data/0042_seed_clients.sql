-- Seed data for the api_clients table. Identifiers only, no credentials.
INSERT INTO api_clients (id, tenant_id, name, created_by) VALUES ('49eba260-5409-41ab-8492-7a919497ba65', '083399de-167f-4727-b729-b7c779541e79', 'client-0', 'migration');
INSERT INTO api_clients (id, tenant_id, name, created_by) VALUES ('801c73ff-b699-46bc-bf9f-f8250ec08727', '643ad039-41e5-4ab8-a2a3-240541475878', 'client-1', 'migration');
INSERT INTO api_clients (id, tenant_id, name, created_by) VALUES ('ce326171-91dc-4a4f-9884-7fe7a3edb8cf', '0dac5e3a-a5cf-4051-8200-cbb0216e8302', 'client-2', 'migration');
INSERT INTO api_clients (id, tenant_id, name, created_by) VALUES ('57856fc8-d8e4-4761-b8e4-d85fde3ac4b8', '115893b5-2a9d-4624-831b-cf098b5a6609', 'client-3', 'migration');
INSERT INTO api_clients (id, tenant_id, name, created_by) VALUES ('53b0ef4a-e341-45b9-933e-a80d49188815', '9ddd6f85-1b4d-4119-a7df-763927be22d1', 'client-4', 'migration');
INSERT INTO api_clients (id, tenant_id, name, created_by) VALUES ('f75caf1a-53f8-4242-a2d7-6e1236e1d5fe', '96c37db1-2f58-44b5-8a95-44e3ffc57cdc', 'client-5', 'migration');
INSERT INTO api_clients (id, tenant_id, name, created_by) VALUES ('a11f9903-299b-4a11-a03a-5882728637e3', '96a3bed2-62b4-422d-b27f-9a564fd0c972', 'client-6', 'migration');
INSERT INTO api_clients (id, tenant_id, name, created_by) VALUES ('de1f00f3-960c-4664-80e2-3d4c4db917e6', '21940d12-53cb-4c92-9693-d8312e3ab66e', 'client-7', 'migration');
INSERT INTO api_clients (id, tenant_id, name, created_by) VALUES ('f42c350c-950b-49cd-8053-07f46e7242b5', '5e318939-c76b-4fbd-9794-46e5aa3be3d3', 'client-8', 'migration');
INSERT INTO api_clients (id, tenant_id, name, created_by) VALUES ('1b56f30d-00bc-4513-9bad-9b0cead6a965', '2e398a90-f716-4298-b6e4-3f5971e29468', 'client-9', 'migration');
INSERT INTO api_clients (id, tenant_id, name, created_by) VALUES ('20416733-724e-4274-85ce-42597ddaf2c9', '9a9b8538-bb7c-42a3-8d23-5f3794baec8f', 'client-10', 'migration');
INSERT INTO api_clients (id, tenant_id, name, created_by) VALUES ('6bdea9f4-4370-454b-8cda-4e5b33422c49', '184c0c4b-f46d-4c95-b1c4-72ded7da1f66', 'client-11', 'migration');
