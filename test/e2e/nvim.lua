-- Neovim as a second, independent LSP client of dist/server.js (Debian's nvim 0.7.2, so the
-- 0.7 API: vim.lsp.start_client + buf_attach_client, not vim.lsp.start).
-- Run from the repository root:
--   nvim --headless --clean -n -i NONE -u NONE -c 'luafile test/e2e/nvim.lua'
-- with HOME/XDG_* pointing into a test dir (nvim writes lsp.log under XDG_CACHE_HOME).
-- Checks the diagnostics, a hover and the code actions on test/e2e/fixtures/workspace/
-- cluster-node.xml; exits non-zero on any failure and writes "PASSED FAILED" to
-- $STAGE_COUNTS for scripts/test-all.sh.

local root = os.getenv('LIBVIRT_E2E_ROOT') or vim.fn.getcwd()
local fixtures = root .. '/test/e2e/fixtures'
local passed, failed, skipped = 0, 0, 0

local function out(line)
  io.stdout:write(line .. '\n')
end

local function read_file(path)
  local f = assert(io.open(path, 'rb'))
  local s = f:read('*a')
  f:close()
  return s
end

local function finish()
  out(string.format('e2e neovim: %d passed, %d failed%s', passed, failed,
    skipped > 0 and string.format(', %d skipped', skipped) or ''))
  local counts = os.getenv('STAGE_COUNTS')
  if counts and counts ~= '' then
    local f = io.open(counts, 'w')
    if f then
      f:write(string.format('%d %d\n', passed, failed))
      f:close()
    end
  end
  if failed > 0 or passed == 0 then
    vim.cmd('cquit 1')
  else
    vim.cmd('qall!')
  end
end

local function check(name, fn)
  local ok, err = pcall(fn)
  if ok and err == 'skip' then
    skipped = skipped + 1
    out('  skip ' .. name)
  elseif ok then
    passed = passed + 1
    out('  ok   ' .. name)
  else
    failed = failed + 1
    out('  FAIL ' .. name .. ': ' .. tostring(err))
  end
end

local ok_all, err_all = pcall(function()
  local server = root .. '/dist/server.js'
  assert(vim.fn.filereadable(server) == 1, server .. ' is missing: run npm run build first')

  vim.cmd('edit ' .. vim.fn.fnameescape(fixtures .. '/workspace/cluster-node.xml'))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'xml'

  local client_id = vim.lsp.start_client({
    name = 'libvirt-xml',
    cmd = { 'node', server, '--stdio' },
    root_dir = fixtures .. '/workspace',
    settings = { libvirt = {} },
  })
  assert(client_id, 'vim.lsp.start_client failed')
  assert(vim.lsp.buf_attach_client(buf, client_id), 'buf_attach_client failed')

  local expected = vim.fn.json_decode(read_file(fixtures .. '/expected/cluster-node.diagnostics.json'))
  local severity_names = { 'error', 'warning', 'info', 'hint' }
  local function code_of(d)
    return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  end

  check('diagnostics arrive with the expected codes, ranges and severities', function()
    local want = {}
    for _, e in ipairs(expected) do want[e.code] = e end
    local function ours()
      local found = {}
      for _, d in ipairs(vim.diagnostic.get(buf)) do
        if want[code_of(d)] then table.insert(found, d) end
      end
      return found
    end
    local arrived = vim.wait(20000, function() return #ours() >= #expected end, 50)
    assert(arrived, 'timed out; diagnostics so far: ' .. vim.inspect(vim.diagnostic.get(buf)))
    local got = ours()
    assert(#got == #expected, 'expected ' .. #expected .. ' diagnostics, got ' .. vim.inspect(got))
    for _, d in ipairs(got) do
      local e = want[code_of(d)]
      local range = string.format('%d:%d-%d:%d', d.lnum, d.col, d.end_lnum, d.end_col)
      assert(range == e.range, code_of(d) .. ': range ' .. range .. ', expected ' .. e.range)
      assert(severity_names[d.severity] == e.severity,
        code_of(d) .. ': severity ' .. tostring(severity_names[d.severity]) .. ', expected ' .. e.severity)
      assert(d.source == 'libvirt', 'source ' .. tostring(d.source))
      if e.message then
        assert(d.message:find(e.message, 1, true), code_of(d) .. ': message "' .. d.message .. '"')
      end
      out(string.format('       %s %s %s: %s', range, severity_names[d.severity], code_of(d), d.message))
    end
  end)

  local client = vim.lsp.get_client_by_id(client_id)
  local position = { line = 8, character = 40 } -- inside cache='writeback' on the shared disk

  check('hover on the cache attribute', function()
    if not (client and client.server_capabilities and client.server_capabilities.hoverProvider) then
      return 'skip'
    end
    local params = { textDocument = vim.lsp.util.make_text_document_params(buf), position = { line = 8, character = 39 } }
    local res = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000)
    assert(res and res[client_id], 'no answer to textDocument/hover')
    local r = res[client_id]
    assert(not r.err, 'hover error: ' .. vim.inspect(r.err))
    assert(r.result and r.result.contents, 'empty hover')
    local lines = vim.lsp.util.convert_input_to_markdown_lines(r.result.contents)
    local text = table.concat(lines, '\n')
    assert(text:find('writeback', 1, true) and text:find('none', 1, true), 'hover text: ' .. text)
    out('       ' .. (lines[1] or ''))
  end)

  check('code actions for the shared disk: preferred fix, applied, gives the expected text', function()
    -- Back to LSP form (range, severity, message, code, data) as a client sends them.
    local diags = {}
    for _, d in ipairs(vim.lsp.diagnostic.get_line_diagnostics(buf, position.line)) do
      if d.code == 'shared-disk-cache-enabled' then table.insert(diags, d) end
    end
    assert(#diags == 1, 'the shared-disk diagnostic on line 9: ' .. vim.inspect(diags))
    local params = {
      textDocument = vim.lsp.util.make_text_document_params(buf),
      range = diags[1].range,
      context = { diagnostics = diags, only = { 'quickfix' } },
    }
    local res = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 10000)
    assert(res and res[client_id] and not res[client_id].err, 'codeAction failed: ' .. vim.inspect(res))
    local actions = res[client_id].result or {}
    local titles, preferred = {}, nil
    for _, a in ipairs(actions) do
      table.insert(titles, a.title .. (a.isPreferred and ' (preferred)' or ''))
      if a.isPreferred then
        assert(not preferred, 'more than one preferred fix: ' .. vim.inspect(titles))
        preferred = a
      end
    end
    out('       ' .. table.concat(titles, '; '))
    assert(preferred and preferred.title == "Set <driver cache='none'>", 'preferred fix: ' .. vim.inspect(titles))
    assert(preferred.edit, 'the preferred fix carries no edit')
    vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding or 'utf-16')
    local text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') .. '\n'
    local want = read_file(fixtures .. '/expected/cluster-node.quickfix.xml')
    assert(text == want, 'text after the fix:\n' .. text)
    local gone = vim.wait(10000, function()
      for _, d in ipairs(vim.diagnostic.get(buf)) do
        if code_of(d) == 'shared-disk-cache-enabled' then return false end
      end
      return true
    end, 50)
    assert(gone, 'the fixed diagnostic is still reported')
  end)

  vim.lsp.stop_client(client_id)
end)

if not ok_all then
  failed = failed + 1
  out('  FAIL ' .. tostring(err_all))
end
finish()
