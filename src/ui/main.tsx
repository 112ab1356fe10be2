import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { followHashChanges, followScenarioInAddressBar, storeFromLocation } from './boot';
import { I18nProvider } from './i18n/context';
import './styles.css';

const store = storeFromLocation(location.hash);
followScenarioInAddressBar(store);
followHashChanges(store);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <App store={store} />
    </I18nProvider>
  </StrictMode>,
);
